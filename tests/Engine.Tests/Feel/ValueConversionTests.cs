using System.Text.Json;
using System.Text.Json.Nodes;
using OneThing.Engine.Feel;
using static OneThing.Engine.Tests.Feel.FeelTest;

namespace OneThing.Engine.Tests.Feel;

public class ValueConversionTests
{
    public static TheoryData<object> Numbers => new()
    {
        5, 5L, (short)5, (byte)5, (sbyte)5, (ushort)5, 5u, 5UL, 5.0, 5.0f, 5m,
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Evaluate_AnyClrNumber_IsReadAsDecimal(object number)
    {
        Assert.Equal(5m, Eval("x", ("x", number)));
        Assert.Equal(true, Eval("x = 5", ("x", number)));
    }

    [Fact]
    public void Evaluate_Double_KeepsDecimalDigits() => Assert.Equal(0.1m, Eval("x", ("x", 0.1)));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e300)]
    public void Evaluate_DoubleOutsideDecimal_IsNull(double value) => Assert.Null(Eval("x", ("x", value)));

    [Fact]
    public void Evaluate_IntArray_IsList() => Assert.Equal("[1, 2, 3]", Show("x", ("x", new[] { 1, 2, 3 })));

    [Fact]
    public void Evaluate_ListOfObjectsHoldingInts_ElementsReadAsDecimals() =>
        Assert.Equal(6m, Eval("sum(x)", ("x", new List<object?> { 1, 2L, 3.0 })));

    [Fact]
    public void Evaluate_EnumerableOfStrings_IsList() =>
        Assert.Equal(true, Eval("list contains(x, \"b\")", ("x", new HashSet<string> { "a", "b" })));

    [Fact]
    public void Evaluate_TypedDictionary_IsContext() =>
        Assert.Equal(2m, Eval("x.b", ("x", new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 })));

    [Fact]
    public void Evaluate_VariableList_IsReturnedAsIs()
    {
        var list = new List<object?> { "张三", "李四" };

        Assert.Same(list, Eval("=approvers", ("approvers", list)));
    }

    [Fact]
    public void Evaluate_DateTimeUtcOrUnspecified_IsUtcDateTimeOffset()
    {
        var utc = new DateTime(2026, 1, 1, 10, 0, 0, DateTimeKind.Utc);
        var unspecified = new DateTime(2026, 1, 1, 10, 0, 0, DateTimeKind.Unspecified);
        var expected = new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(expected, Eval("x", ("x", utc)));
        Assert.Equal(expected, Eval("x", ("x", unspecified)));
    }

    [Fact]
    public void Evaluate_CharAndGuid_AreStrings()
    {
        var id = Guid.Parse("0195f6a4-0000-7000-8000-000000000001");

        Assert.Equal("c", Eval("x", ("x", 'c')));
        Assert.Equal(id.ToString(), Eval("x", ("x", id)));
    }

    [Fact]
    public void Evaluate_JsonElement_IsMappedToFeelValues()
    {
        using var document = JsonDocument.Parse("""
            {"amount": 150.5, "region": "徐汇", "ok": true, "none": null, "tags": [1, "a"], "nested": {"n": 2}}
            """);
        var root = document.RootElement.Clone();

        Assert.Equal(150.5m, Eval("x.amount", ("x", root)));
        Assert.Equal("徐汇", Eval("x.region", ("x", root)));
        Assert.Equal(true, Eval("x.ok", ("x", root)));
        Assert.Null(Eval("x.none", ("x", root)));
        Assert.Equal("[1, \"a\"]", Show("x.tags", ("x", root)));
        Assert.Equal(2m, Eval("x.nested.n", ("x", root)));
        Assert.Equal(true, Eval("x.amount > 100 and x.region = \"徐汇\"", ("x", root)));
    }

    [Fact]
    public void Evaluate_JsonNode_IsMappedToFeelValues()
    {
        var node = JsonNode.Parse("""{"xs": [1, 2, 3], "name": "李"}""");

        Assert.Equal(6m, Eval("sum(x.xs)", ("x", node)));
        Assert.Equal("李", Eval("x.name", ("x", node)));
        Assert.Equal(3m, Eval("x", ("x", JsonValue.Create(3))));
    }

    [Fact]
    public void Evaluate_OpaqueObject_EqualsOnlyItself()
    {
        var thing = new Uri("https://example.org");

        Assert.Equal(true, Eval("a = b", ("a", thing), ("b", thing)));
        Assert.Null(Eval("a = 1", ("a", thing)));
        Assert.Null(Eval("a.host", ("a", thing)));
    }

    [Fact]
    public void Evaluate_YearsMonthsVariable_ComparesAsDuration() =>
        Assert.Equal(true, Eval("x = duration(\"P1Y\")", ("x", new FeelYearsMonths(12))));

    [Fact]
    public void FeelYearsMonths_ToString_IsIso() =>
        Assert.Equal(["P1Y2M", "-P3M", "P0M", "P2Y"],
            new[] { 14, -3, 0, 24 }.Select(m => new FeelYearsMonths(m).ToString()));
}

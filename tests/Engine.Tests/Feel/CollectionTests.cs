using static OneThing.Engine.Tests.Feel.FeelTest;

namespace OneThing.Engine.Tests.Feel;

public class CollectionTests
{
    [Theory]
    [InlineData("[]", "[]")]
    [InlineData("[1, 2, 3]", "[1, 2, 3]")]
    [InlineData("[1, \"a\", null, [true]]", "[1, \"a\", null, [true]]")]
    [InlineData("{}", "{}")]
    [InlineData("{a: 1, \"b c\": 2}", "{a: 1, \"b c\": 2}")]
    [InlineData("{first name: \"张\"}", "{\"first name\": \"张\"}")]
    [InlineData("{a: 1, b: a + 1}", "{a: 1, b: 2}")]
    [InlineData("{申请人: {姓名: \"李\"}}.申请人.姓名", "\"李\"")]
    public void Evaluate_ListAndContextLiterals_BuildValues(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    [Fact]
    public void Evaluate_ListLiteral_ProducesList() => Assert.IsType<List<object?>>(Eval("[1]"));

    [Fact]
    public void Evaluate_ContextLiteral_ProducesDictionary() =>
        Assert.IsType<Dictionary<string, object?>>(Eval("{a: 1}"));

    [Fact]
    public void Evaluate_ListLiteralTwice_ReturnsFreshLists() =>
        Assert.NotSame(Eval("[1, 2]"), Eval("[1, 2]"));

    [Theory]
    [InlineData("applicant.address.city", "\"上海\"")]
    [InlineData("applicant.age", "30")]
    [InlineData("applicant.missing", "null")]
    [InlineData("applicant.missing.deeper", "null")]
    [InlineData("nobody.address", "null")]
    [InlineData("applicant.age.value", "null")]
    public void Evaluate_Path_ReadsContexts(string expression, string expected)
    {
        var applicant = new Dictionary<string, object?>
        {
            ["age"] = 30,
            ["address"] = new Dictionary<string, object?> { ["city"] = "上海" },
        };

        Assert.Equal(expected, Show(expression, ("applicant", applicant)));
    }

    [Fact]
    public void Evaluate_PathOnListOfContexts_ProjectsEachItem() =>
        Assert.Equal("[1, 2, null]", Show("[{a: 1}, {a: 2}, {b: 3}].a"));

    [Theory]
    [InlineData("[1, 2, 3, 4][item > 2]", "[3, 4]")]
    [InlineData("[1, 2, 3, 4][item > 9]", "[]")]
    [InlineData("[1, \"a\", 3][item > 1]", "[3]")]
    [InlineData("[{n: 1}, {n: 5}][n > 2]", "[{n: 5}]")]
    [InlineData("[{n: 1}, {n: 5}][item.n > 2].n", "[5]")]
    [InlineData("[1, 2, 3][1]", "1")]
    [InlineData("[1, 2, 3][3]", "3")]
    [InlineData("[1, 2, 3][-1]", "3")]
    [InlineData("[1, 2, 3][-3]", "1")]
    [InlineData("[1, 2, 3][4]", "null")]
    [InlineData("[1, 2, 3][0]", "null")]
    [InlineData("[1, 2, 3][1.5]", "null")]
    [InlineData("[][1]", "null")]
    [InlineData("5[item > 1]", "[5]")]
    [InlineData("null[item > 1]", "null")]
    [InlineData("[[1, 2], [3]][1][2]", "2")]
    public void Evaluate_FilterAndIndex_SelectItems(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    [Fact]
    public void Evaluate_IndexFromVariable_IndexesList() =>
        Assert.Equal("\"b\"", Show("names[n]", ("names", new[] { "a", "b" }), ("n", 2)));

    [Fact]
    public void Evaluate_FilterSeesOuterVariables_ComparesWithThem() =>
        Assert.Equal("[5, 7]", Show("xs[item >= limit]", ("xs", new[] { 1, 5, 7 }), ("limit", 5)));

    [Fact]
    public void Evaluate_CountersignVotes_CountsAgreeing()
    {
        var votes = new List<object?> { "同意", "驳回", "同意" };

        Assert.Equal(true, Eval("count(votes[item = \"同意\"]) / nrOfInstances >= 2/3",
            ("votes", votes), ("nrOfInstances", 3)));
    }

    [Theory]
    [InlineData("for x in [1, 2, 3] return x * 2", "[2, 4, 6]")]
    [InlineData("for x in [] return x", "[]")]
    [InlineData("for i in 1..3 return i", "[1, 2, 3]")]
    [InlineData("for i in 3..1 return i", "[3, 2, 1]")]
    [InlineData("for x in [1, 2], y in [10, 20] return x + y", "[11, 21, 12, 22]")]
    [InlineData("for x in null return x", "null")]
    [InlineData("for i in [1..3) return i", "[1, 2]")]
    [InlineData("for i in (1..2) return i", "[]")]
    [InlineData("for i in (3..1] return i", "[2, 1]")]
    [InlineData("for i in [5..5] return i", "[5]")]
    [InlineData("for i in (5..5] return i", "[]")]
    [InlineData("for i in [1.5..3] return i", "null")]
    [InlineData("for x in 7 return x", "[7]")]
    [InlineData("for i in 79228162514264337593543950335..79228162514264337593543950335 return 1", "[1]")]
    [InlineData("for i in (79228162514264337593543950334..79228162514264337593543950335] return 1", "[1]")]
    [InlineData("count(for i in -79228162514264337593543950335..-79228162514264337593543950334 return i)", "2")]
    public void Evaluate_For_MapsItems(string expression, string expected) =>
        Assert.Equal(expected, Show(expression));

    [Fact]
    public void Evaluate_ItemOutsideFilter_IsOrdinaryVariable() =>
        Assert.Equal(7m, Eval("item", ("item", 7)));

    [Fact]
    public void Evaluate_NestedFilter_InnerItemShadowsOuter() =>
        Assert.Equal("[[1, 2]]", Show("[[1, 2], [1]][count(item[item > 1]) = 1]"));

    [Fact]
    public void Evaluate_RangeLiteral_ReturnsRangeNotList()
    {
        var range = Assert.IsType<OneThing.Engine.Feel.FeelRange>(Eval("[1..1000000000]"));

        Assert.Equal(1m, range.Start);
        Assert.True(range.StartIncluded);
        Assert.Equal(true, range.Contains(5m));
    }

    [Fact]
    public void Evaluate_RangeWithNullEndpoint_ReturnsNull() => Assert.Null(Eval("[1..x]"));
}

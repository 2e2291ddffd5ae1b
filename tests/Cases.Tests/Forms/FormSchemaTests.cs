using System.Text.Json;
using OneThing.Cases.Casework;
using OneThing.Cases.Forms;
using OneThing.Cases.Tests.TestSupport;

namespace OneThing.Cases.Tests.Forms;

public class FormSchemaTests
{
    private static readonly FormSchema Apply = FormSchema.Parse(File.ReadAllText(
        Path.Combine(Repository.Root, "forms", "qiye-kaiban", "apply.form")));

    private static FormCheck Check(FormSchema schema, string json, bool partial = false)
    {
        using var document = JsonDocument.Parse(json);
        return schema.Check(document.RootElement, partial);
    }

    [Fact]
    public void Check_CompleteApplication_ConvertsValues()
    {
        var check = Check(Apply, """{"companyName":"一件事公司","address":"漕溪北路 1 号","registeredCapital":12.5,"needsBankAccount":true}""");

        Assert.True(check.IsValid);
        Assert.Equal(12.5m, check.Values["registeredCapital"]);
        Assert.Equal(true, check.Values["needsBankAccount"]);
        Assert.Equal(["address", "companyName", "needsBankAccount", "registeredCapital"], check.Values.Keys.Order());
    }

    [Fact]
    public void Check_WrongTypesUnknownFieldsAndMissingRequired_ReportsEachField()
    {
        var check = Check(Apply, """{"companyName":"","registeredCapital":"很多","needsBankAccount":"yes","admin":true}""");

        Assert.Equal(["address", "admin", "companyName", "needsBankAccount", "registeredCapital"], check.Errors.Keys.Order());
        Assert.Equal("表单中没有这个字段", Assert.Single(check.Errors["admin"]));
        Assert.Equal("请填写“企业名称”", Assert.Single(check.Errors["companyName"]));
    }

    [Fact]
    public void Check_PartialDraft_AllowsMissingRequiredButNotWrongTypes()
    {
        Assert.True(Check(Apply, """{"companyName":"一件事公司"}""", partial: true).IsValid);
        Assert.False(Check(Apply, """{"registeredCapital":-1}""", partial: true).IsValid);
    }

    [Theory]
    [InlineData("91310104MA1FL12371", true)]
    [InlineData(" 91310104ma1fl12371 ", true)]
    [InlineData("91310104MA1FL1234X", false)]
    [InlineData("91310104MA1FL12372", false)]
    [InlineData("9131010", false)]
    public void Check_CreditCodeValidation_IsTheApplicantCheck(string code, bool valid)
    {
        var schema = FormSchema.Parse("""
            {"components":[{"type":"textfield","key":"c","label":"代码","validate":{"validationType":"unifiedSocialCreditCode"}}]}
            """);

        var check = Check(schema, JsonSerializer.Serialize(new { c = code }));

        Assert.Equal(UnifiedSocialCreditCode.Validate(code, out var parsed) is null, valid);
        Assert.Equal(valid, check.IsValid);
        if (valid)
        {
            Assert.Equal(parsed!.ToString(), check.Values["c"]);
        }
        else
        {
            Assert.StartsWith("“代码”无效：", Assert.Single(check.Errors["c"]), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("{\"components\":[}", "（第 1 行第 16 列）")]
    [InlineData("{\n  \"标签\": 名称}", "（第 2 行第 9 列）")]
    public void Parse_NotJson_NamesLineAndColumnInChinese(string json, string where)
    {
        var ex = Assert.Throws<FormSchemaException>(() => FormSchema.Parse(json));

        Assert.StartsWith($"表单定义不是有效的 JSON{where}：", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotMatch("[A-Za-z]{3,}", ex.Message.Replace("JSON", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"v":"abc"}""", true)]
    [InlineData("""{"v":"abcd"}""", false)]
    [InlineData("""{"v":"ab1"}""", false)]
    public void Check_Pattern_MatchesWholeValue(string json, bool valid)
    {
        var schema = FormSchema.Parse("""{"components":[{"type":"textfield","key":"v","label":"代码","validate":{"pattern":"[a-z]{3}"}}]}""");

        Assert.Equal(valid, Check(schema, json).IsValid);
    }

    [Fact]
    public void Check_ChoicesAndGroups_AcceptOnlyDeclaredValues()
    {
        var schema = FormSchema.Parse("""
            {"components":[{"type":"group","components":[
              {"type":"select","key":"kind","values":[{"label":"有限公司","value":"llc"},{"label":"合伙","value":"lp"}]},
              {"type":"checklist","key":"items","values":[{"label":"印章","value":"seal"},{"label":"发票","value":"invoice"}]},
              {"type":"datetime","key":"on","subtype":"date"}]}]}
            """);

        Assert.True(Check(schema, """{"kind":"llc","items":["seal","invoice"],"on":"2026-02-28"}""").IsValid);
        Assert.Equal(["items", "kind", "on"],
            Check(schema, """{"kind":"corp","items":["seal","bribe"],"on":"2026-02-30"}""").Errors.Keys.Order());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"default"}""")]
    [InlineData("""{"components":[{"type":"select","key":"k"}]}""")]
    [InlineData("""{"components":[{"type":"textfield","key":"k","validate":{"pattern":"("}}]}""")]
    [InlineData("""{"components":[{"type":"textfield","key":"k"},{"type":"number","key":"k"}]}""")]
    public void Parse_MalformedSchema_Throws(string json) =>
        Assert.Throws<FormSchemaException>(() => FormSchema.Parse(json));
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OneThing.Server.Definitions;
using OneThing.Server.Tests.TestSupport;

namespace OneThing.Server.Tests.Definitions;

public sealed class DefinitionEndpointsTests : IDisposable
{
    private readonly OneThingFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static string Diagram(string task = "Review", string extra = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="urn:t">
          <bpmn:process id="jiazhuang-dianti" name="既有住宅加装电梯" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:userTask id="{task}" camunda:candidateGroups="房管局"/>
            {extra}
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="{task}"/>
            <bpmn:sequenceFlow id="f2" sourceRef="{task}" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static StringContent Xml(string text) => new(text, Encoding.UTF8, "application/xml");

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    public async Task Deploy_ThenSameFile_ThenChanged_VersionsAndNoOp()
    {
        using var analyst = await _factory.SignInAsync("analyst");
        var uri = new Uri("/api/definitions", UriKind.Relative);
        var shipped = (await analyst.GetFromJsonAsync<List<DefinitionItem>>(uri))!.Select(d => d.Id).ToHashSet();

        using var first = await analyst.PostAsync(uri, Xml(Diagram()));
        using var same = await analyst.PostAsync(uri, Xml(Diagram()));
        using var changed = await analyst.PostAsync(uri, Xml(Diagram("Check")));
        var list = (await analyst.GetFromJsonAsync<List<DefinitionItem>>(uri))!.Where(d => !shipped.Contains(d.Id)).ToList();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.False((await Json(same)).GetProperty("created").GetBoolean());
        Assert.Equal(HttpStatusCode.Created, changed.StatusCode);
        var versions = list!.Where(d => d.ProcessId == "jiazhuang-dianti").ToList();
        Assert.Equal([2, 1], versions.Select(d => d.Version));
        var xml = await analyst.GetStringAsync(new Uri($"/api/definitions/{versions[0].Id}/xml", UriKind.Relative));
        Assert.Contains("id=\"Check\"", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_ScriptTask_Is422WithElementProblemsAndNothingStored()
    {
        using var analyst = await _factory.SignInAsync("analyst");
        var before = await analyst.GetFromJsonAsync<List<DefinitionItem>>(new Uri("/api/definitions", UriKind.Relative));
        var bad = Diagram(extra: """<bpmn:scriptTask id="Evil" scriptFormat="javascript"><bpmn:script>require('fs')</bpmn:script></bpmn:scriptTask>""");

        using var response = await analyst.PostAsync(new Uri("/api/definitions", UriKind.Relative), Xml(bad));
        var list = await analyst.GetFromJsonAsync<List<DefinitionItem>>(new Uri("/api/definitions", UriKind.Relative));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await Json(response);
        Assert.Equal("BPMN_INVALID", body.GetProperty("code").GetString());
        Assert.Contains(body.GetProperty("problems").EnumerateArray(),
            p => p.GetProperty("elementId").GetString() == "Evil" && p.GetProperty("code").GetString() == "SCRIPT_TASK");
        // Only the demo data's shipped one-things are deployed.
        Assert.DoesNotContain(list!, d => d.ProcessId == "jiazhuang-dianti");
    }

    [Theory]
    [InlineData("<bpmn:definitions", "XML_MALFORMED")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a SYSTEM \"file:///etc/passwd\">]><x>&a;</x>", "XML_DTD_REFUSED")]
    [InlineData("<root/>", "BPMN_NOT_DEFINITIONS")]
    public async Task Validate_HostileOrBrokenXml_Is400WithCode(string body, string code)
    {
        using var analyst = await _factory.SignInAsync("analyst");

        using var response = await analyst.PostAsync(new Uri("/api/definitions/validate", UriKind.Relative), Xml(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        if (code == "XML_MALFORMED")
        {
            Assert.Matches("^BPMN 文件不是合法的 XML（第 1 行第 [0-9]+ 列）：[^A-Za-z]+$", problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Deploy_Oversized_Is413()
    {
        using var analyst = await _factory.SignInAsync("analyst");
        var huge = Diagram(extra: $"<!--{new string('x', (int)DefinitionEndpoints.MaxFileBytes)}-->");

        using var response = await analyst.PostAsync(new Uri("/api/definitions", UriKind.Relative), Xml(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Validate_ValidDiagram_ReportsValid()
    {
        using var analyst = await _factory.SignInAsync("analyst");

        var report = await (await analyst.PostAsync(new Uri("/api/definitions/validate", UriKind.Relative), Xml(Diagram())))
            .Content.ReadFromJsonAsync<ValidationReport>();

        Assert.True(report!.Valid);
    }

    [Theory]
    [InlineData("approver", HttpStatusCode.Forbidden)]
    [InlineData("applicant", HttpStatusCode.Forbidden)]
    [InlineData("auditor", HttpStatusCode.Forbidden)]
    public async Task Deploy_NotAnalyst_IsForbidden(string user, HttpStatusCode expected)
    {
        using var client = await _factory.SignInAsync(user);

        using var response = await client.PostAsync(new Uri("/api/definitions", UriKind.Relative), Xml(Diagram()));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task List_Anonymous401_Applicant403_Auditor200()
    {
        using var anonymous = _factory.CreateClient();
        using var applicant = await _factory.SignInAsync("applicant");
        using var auditor = await _factory.SignInAsync("auditor");
        var uri = new Uri("/api/definitions", UriKind.Relative);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(uri)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await applicant.GetAsync(uri)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(uri)).StatusCode);
    }
}

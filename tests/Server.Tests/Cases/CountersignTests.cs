using System.Net;
using System.Text;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Cases;

/// <summary>会签 and 或签 through multi-instance user tasks: one task per signer, each in the signer's own queue.
/// </summary>
public sealed class CountersignTests : IDisposable
{
    private readonly OneThingFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static string Diagram(string? completion) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="urn:t">
          <bpmn:process id="huiqian" name="联合审查" isExecutable="true">
            <bpmn:startEvent id="S">
              <bpmn:extensionElements><zeebe:formDefinition formKey="huiqian/apply"/></bpmn:extensionElements>
            </bpmn:startEvent>
            <bpmn:userTask id="Sign" name="联合审查">
              <bpmn:extensionElements><zeebe:assignmentDefinition assignee="=signer"/></bpmn:extensionElements>
              <bpmn:multiInstanceLoopCharacteristics isSequential="false">
                <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=signers" inputElement="signer"/></bpmn:extensionElements>
                {(completion is null ? "" : $"<bpmn:completionCondition>{completion}</bpmn:completionCondition>")}
              </bpmn:multiInstanceLoopCharacteristics>
            </bpmn:userTask>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Sign"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Sign" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    private const string ApplyForm = """
        {"components":[{"type":"checklist","key":"signers","label":"审查人","validate":{"required":true},
          "values":[{"label":"市场监管局","value":"approver"},{"label":"税务局","value":"approver-tax"}]}]}
        """;

    private async Task<(HttpClient Approver, HttpClient Tax, string CaseId)> Accepted(string? completion)
    {
        using var analyst = await _factory.SignInAsync("analyst");
        using (var form = await analyst.PutAsync(new Uri("/api/forms/huiqian/apply", UriKind.Relative),
                   new StringContent(ApplyForm, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, form.StatusCode);
        }

        using (var deploy = await analyst.PostAsync(new Uri("/api/definitions", UriKind.Relative),
                   new StringContent(Diagram(completion), Encoding.UTF8, "application/xml")))
        {
            Assert.Equal(HttpStatusCode.Created, deploy.StatusCode);
        }

        using var applicant = await _factory.SignInAsync("applicant");
        using var clerk = await _factory.SignInAsync("clerk");
        var created = await Post(applicant, "/api/cases", new
        {
            processId = "huiqian", applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
            formData = new { signers = new[] { "approver", "approver-tax" } },
        }, HttpStatusCode.Created);
        var id = created.GetProperty("summary").GetProperty("id").GetString()!;
        await Post(applicant, $"/api/cases/{id}/submit");
        await Post(clerk, $"/api/cases/{id}/accept");
        return (await _factory.SignInAsync("approver"), await _factory.SignInAsync("approver-tax"), id);
    }

    private static async Task<string> OwnTask(HttpClient signer, string caseId)
    {
        var todo = await Get(signer, "/api/tasks?view=todo");
        return todo.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("caseId").GetString() == caseId)
            .GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Countersign_会签_EachSignerHasOwnTask_CaseDecidedAfterTheLast()
    {
        var (approver, tax, id) = await Accepted(completion: null);
        using (approver)
        using (tax)
        {
            var mine = await OwnTask(approver, id);
            var theirs = await OwnTask(tax, id);
            Assert.NotEqual(mine, theirs);

            await Post(approver, $"/api/tasks/{theirs}/complete", expected: HttpStatusCode.Forbidden);
            var half = await Post(approver, $"/api/tasks/{mine}/complete", new { opinion = "同意" });
            Assert.Equal("inProgress", half.GetProperty("summary").GetProperty("state").GetString());
            var done = await Post(tax, $"/api/tasks/{theirs}/complete", new { opinion = "同意" });

            Assert.Equal("decided", done.GetProperty("summary").GetProperty("state").GetString());
            Assert.Equal("granted", done.GetProperty("summary").GetProperty("outcome").GetString());
        }
    }

    [Fact]
    public async Task AnySign_或签_FirstSignatureDecides_OtherTaskCancelled()
    {
        var (approver, tax, id) = await Accepted(completion: "=nrOfCompletedInstances >= 1");
        using (approver)
        using (tax)
        {
            var theirs = await OwnTask(tax, id);
            var done = await Post(approver, $"/api/tasks/{await OwnTask(approver, id)}/complete");

            Assert.Equal("decided", done.GetProperty("summary").GetProperty("state").GetString());
            var cancelled = done.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == theirs);
            Assert.Equal("cancelled", cancelled.GetProperty("state").GetString());
            Assert.Empty((await Get(tax, "/api/tasks?view=todo")).GetProperty("items").EnumerateArray());
        }
    }
}

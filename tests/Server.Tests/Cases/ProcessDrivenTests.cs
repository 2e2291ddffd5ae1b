using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OneThing.Engine.Persistence;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Cases;

/// <summary>A case follows its process also when something other than a case command moves it on (here a
/// message delivered to the engine; timers and service jobs take the same path).</summary>
public sealed class ProcessDrivenTests : IDisposable
{
    private readonly OneThingFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private const string Diagram = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="urn:t">
          <bpmn:message id="Arrived" name="资料到达"/>
          <bpmn:message id="Issued" name="证照已签发"/>
          <bpmn:process id="xiaoxi" name="消息驱动" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:intermediateCatchEvent id="WaitMaterials"><bpmn:messageEventDefinition messageRef="Arrived"/></bpmn:intermediateCatchEvent>
            <bpmn:userTask id="Review" name="审查" camunda:candidateGroups="市场监管局"/>
            <bpmn:intermediateCatchEvent id="WaitLicence"><bpmn:messageEventDefinition messageRef="Issued"/></bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="WaitMaterials"/>
            <bpmn:sequenceFlow id="f2" sourceRef="WaitMaterials" targetRef="Review"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Review" targetRef="WaitLicence"/>
            <bpmn:sequenceFlow id="f4" sourceRef="WaitLicence" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task Message_MovesProcess_CaseGetsItsTaskThenIsDecided()
    {
        using var analyst = await _factory.SignInAsync("analyst");
        using (var deploy = await analyst.PostAsync(new Uri("/api/definitions", UriKind.Relative),
                   new StringContent(Diagram, Encoding.UTF8, "application/xml")))
        {
            Assert.Equal(HttpStatusCode.Created, deploy.StatusCode);
        }

        using var applicant = await _factory.SignInAsync("applicant");
        using var clerk = await _factory.SignInAsync("clerk");
        using var approver = await _factory.SignInAsync("approver");
        var created = await Post(applicant, "/api/cases", new
        {
            processId = "xiaoxi", applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
        }, HttpStatusCode.Created);
        var id = created.GetProperty("summary").GetProperty("id").GetString()!;
        await Post(applicant, $"/api/cases/{id}/submit");
        await Post(clerk, $"/api/cases/{id}/accept");
        Assert.Empty((await OpenTasks(clerk, id)).Keys);
        var engine = _factory.Services.GetRequiredService<DurableEngine>();

        Assert.NotNull(engine.CorrelateMessage("资料到达"));
        var review = Assert.Single(await OpenTasks(clerk, id));
        Assert.Equal("Review", review.Key);
        await Post(approver, $"/api/tasks/{review.Value}/complete");
        Assert.Equal("inProgress", (await Get(applicant, $"/api/cases/{id}")).GetProperty("summary").GetProperty("state").GetString());

        Assert.NotNull(engine.CorrelateMessage("证照已签发"));
        var decided = await Get(applicant, $"/api/cases/{id}");
        Assert.Equal("decided", decided.GetProperty("summary").GetProperty("state").GetString());
        using var auditor = await _factory.SignInAsync("auditor");
        var history = (await Get(auditor, $"/api/cases/{id}/history")).EnumerateArray()
            .Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("command").GetString(), e.GetProperty("after").GetString()))
            .ToList();
        Assert.Equal([("system", "process", "已受理"), ("system", "process", "办结")],
            history.Where(e => e.Item1 == "system").ToList());
        Assert.True((await Get(auditor, $"/api/cases/{id}/history/verify")).GetProperty("intact").GetBoolean());
    }
}

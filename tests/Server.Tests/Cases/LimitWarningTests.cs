using OneThing.Cases.Persistence;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneThing.Cases.Casework;
using OneThing.Cases.Notifications;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Cases;

public sealed class LimitWarningTests : IDisposable
{
    private readonly OneThingFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private const string Diagram = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="urn:t">
          <bpmn:process id="xianshi" name="时限测试" isExecutable="true">
            <bpmn:startEvent id="S"/>
            <bpmn:parallelGateway id="Fork"/>
            <bpmn:userTask id="Soon" name="两小时内" camunda:candidateGroups="市场监管局" camunda:dueDate="PT2H"/>
            <bpmn:userTask id="Later" name="五天内" camunda:candidateGroups="市场监管局" camunda:dueDate="P5D"/>
            <bpmn:parallelGateway id="Join"/>
            <bpmn:endEvent id="E"/>
            <bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Fork"/>
            <bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="Soon"/>
            <bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="Later"/>
            <bpmn:sequenceFlow id="f4" sourceRef="Soon" targetRef="Join"/>
            <bpmn:sequenceFlow id="f5" sourceRef="Later" targetRef="Join"/>
            <bpmn:sequenceFlow id="f6" sourceRef="Join" targetRef="E"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task WarnNearingLimits_WarnsTasksDueWithinTheLeadOnce()
    {
        using var analyst = await _factory.SignInAsync("analyst");
        using var deploy = await analyst.PostAsync(new Uri("/api/definitions", UriKind.Relative),
            new StringContent(Diagram, Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.Created, deploy.StatusCode);
        using var applicant = await _factory.SignInAsync("applicant");
        using var clerk = await _factory.SignInAsync("clerk");
        var created = await Post(applicant, "/api/cases", new
        {
            processId = "xianshi", applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
        }, HttpStatusCode.Created);
        var id = created.GetProperty("summary").GetProperty("id").GetString()!;
        await Post(applicant, $"/api/cases/{id}/submit");
        await Post(clerk, $"/api/cases/{id}/accept");

        var commands = _factory.Services.GetRequiredService<CaseCommands>();
        Assert.Equal(1, commands.WarnNearingLimits());
        Assert.Equal(0, commands.WarnNearingLimits());

        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>()
            .CreateDbContextAsync();
        var warnings = await db.Set<NotificationRecord>().Where(n => n.Kind == NotificationKinds.TaskNearingLimit)
            .ToListAsync();
        var warning = Assert.Single(warnings);
        Assert.Equal("approver", warning.Recipient);
        Assert.Contains("两小时内", warning.Body, StringComparison.Ordinal);
    }
}

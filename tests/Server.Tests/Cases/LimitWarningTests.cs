using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneThing.Cases.Casework;
using OneThing.Cases.Notifications;
using OneThing.Cases.Persistence;
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
        var warning = await WarnOnce(_factory);
        Assert.Equal("approver", warning.Recipient);
        Assert.Contains("两小时内", warning.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Asia/Shanghai")]
    [InlineData("America/New_York", "America/New_York")]
    public async Task WarnNearingLimits_DueTime_IsShownInTheConfiguredZone(string? configured, string zone)
    {
        using var factory = configured is null ? new OneThingFactory()
            : new OneThingFactory(settings: new Dictionary<string, string> { ["OneThing:Cases:TimeZone"] = configured });
        var warning = await WarnOnce(factory);

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>()
            .CreateDbContextAsync();
        var due = (await db.Set<CaseTaskRecord>().SingleAsync(t => t.Name == "两小时内")).DueAt!.Value;
        var local = TimeZoneInfo.ConvertTime(due, TimeZoneInfo.FindSystemTimeZoneById(zone));
        Assert.Contains($"（{local:yyyy-MM-dd HH:mm}）", warning.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", warning.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_UnknownTimeZone_FailsNamingTheSetting()
    {
        using var factory = new OneThingFactory(settings: new Dictionary<string, string>
        {
            ["OneThing:Cases:TimeZone"] = "Mars/Olympus",
        });
        var failure = Assert.Throws<InvalidOperationException>(() => factory.Services);
        Assert.Contains("OneThing:Cases:TimeZone", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Mars/Olympus", failure.Message, StringComparison.Ordinal);
    }

    private static async Task<NotificationRecord> WarnOnce(OneThingFactory factory)
    {
        using var analyst = await factory.SignInAsync("analyst");
        using var deploy = await analyst.PostAsync(new Uri("/api/definitions", UriKind.Relative),
            new StringContent(Diagram, Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.Created, deploy.StatusCode);
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        var created = await Post(applicant, "/api/cases", new
        {
            processId = "xianshi", applicant = new { kind = "person", name = "张三", idNumber = PersonId() },
        }, HttpStatusCode.Created);
        var id = created.GetProperty("summary").GetProperty("id").GetString()!;
        await Post(applicant, $"/api/cases/{id}/submit");
        await Post(clerk, $"/api/cases/{id}/accept");

        var limits = factory.Services.GetRequiredService<LimitWarnings>();
        Assert.Equal(1, limits.WarnNearingLimits());
        Assert.Equal(0, limits.WarnNearingLimits());

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>()
            .CreateDbContextAsync();
        var warnings = await db.Set<NotificationRecord>().Where(n => n.Kind == NotificationKinds.TaskNearingLimit)
            .ToListAsync();
        return Assert.Single(warnings);
    }
}

using System.Text.Json;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Cases;

/// <summary>The case detail names the engine instance's definition, so the web UI can fetch its diagram.</summary>
public sealed class CaseDefinitionIdTests
{
    [Fact]
    public async Task Detail_NamesDefinition_OnceAccepted_AndApproversReadItsXml()
    {
        using var factory = new OneThingFactory("sqlite");
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");

        var id = await Submit(applicant);
        Assert.Equal(JsonValueKind.Null, (await Get(clerk, $"/api/cases/{id}")).GetProperty("definitionId").ValueKind);

        await Post(clerk, $"/api/cases/{id}/accept");
        var definitionId = (await Get(approver, $"/api/cases/{id}")).GetProperty("definitionId").GetString();
        Assert.False(string.IsNullOrEmpty(definitionId));

        var xml = await approver.GetAsync($"/api/definitions/{definitionId}/xml");
        xml.EnsureSuccessStatusCode();
        Assert.Contains("qiye-kaiban", await xml.Content.ReadAsStringAsync());
    }
}

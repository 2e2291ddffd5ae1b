using OneThing.Cases.Accounts;
using OneThing.Cases.Casework;
using OneThing.Cases.Tests.TestSupport;
using static OneThing.Cases.Tests.TestSupport.CaseHost;

namespace OneThing.Cases.Tests.CoSign;

/// <summary><see cref="CoSignCommands"/> on SQLite with a fake clock: 加签 and 减签, and a refusal of each.</summary>
public sealed class CoSignCommandsTests : IDisposable
{
    private static readonly CaseActor Signer = new("signer", [Roles.Approver], ["法规科"]);

    private readonly CaseHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Add_Before_HoldsTheOwnersCompletionUntilSigned()
    {
        _host.AddStaff(Signer.UserName, departments: "法规科");
        var id = _host.Accepted();
        var task = _host.OpenTask(id);

        var added = _host.CoSign.Add(Approver, new AddCoSigner(task, Signer.UserName, After: false));

        Assert.Equal(CaseTaskKind.CoSign, added.Task.Kind);
        Assert.Equal("COSIGN_PENDING", Assert.Throws<CaseException>(() =>
            _host.Tasks.Complete(Approver, new CompleteTask(task, null, null))).Code);
        _host.Tasks.Complete(Signer, new CompleteTask(added.Task.Id, null, "同意"));
        Assert.Equal(CaseState.InProgress, _host.Tasks.Complete(Approver, new CompleteTask(task, null, null)).State);
    }

    [Fact]
    public void Add_AnUnknownSigner_IsAValidationError() =>
        Assert.Contains("signer", Assert.Throws<CaseValidationException>(() =>
            _host.CoSign.Add(Approver, new AddCoSigner(_host.OpenTask(_host.Accepted()), "nobody", After: false))).Errors.Keys);

    [Fact]
    public void Remove_AnAfterSigner_LetsTheProcessMoveOn_AndASecondRemovalIsRefused()
    {
        _host.AddStaff(Signer.UserName, departments: "法规科");
        var id = _host.Accepted();
        var task = _host.OpenTask(id);
        var added = _host.CoSign.Add(Approver, new AddCoSigner(task, Signer.UserName, After: true));
        _host.Tasks.Complete(Approver, new CompleteTask(task, null, null));

        _host.CoSign.Remove(Approver, new RemoveCoSigner(added.Task.Id));

        Assert.Equal("决定", _host.OpenTasks(id).Single().Name);
        Assert.Throws<CaseException>(() => _host.CoSign.Remove(Approver, new RemoveCoSigner(added.Task.Id)));
    }
}

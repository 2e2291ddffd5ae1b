using OneThing.Cases.Accounts;
using OneThing.Cases.Notifications;
using OneThing.Engine.Persistence;

namespace OneThing.Cases.Casework;

/// <summary>受理 of a submitted case.</summary>
public sealed record AcceptCase(Guid CaseId);

/// <summary>不予受理 at intake, with a reason the applicant reads.</summary>
public sealed record RefuseIntake(Guid CaseId, string Reason);

/// <summary>一次性告知补正 at intake: everything that is missing.</summary>
public sealed record RequestIntakeCorrection(Guid CaseId, IReadOnlyList<CorrectionItem> Items);

/// <summary>出件 of a decided case.</summary>
public sealed record DeliverCase(Guid CaseId);

/// <summary>The intake window's commands (窗口人员): 受理, 不予受理, 一次性告知补正, and 出件 at the end.</summary>
public sealed class IntakeCommands(CaseCommandRunner runner)
{
    /// <summary>受理: the clerk accepts a submitted case; its process starts with the form data as variables.
    /// </summary>
    public CaseRecord Accept(CaseActor actor, AcceptCase input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return runner.OnIntake(actor, input.CaseId, CaseCommandNames.Accept, (tx, record) =>
        {
            record.AcceptedAt = tx.Now;
            var variables = VariableJson.Deserialize(record.FormDataJson) ?? [];
            variables["caseId"] = record.Id.ToString();
            variables["caseNumber"] = record.Number;
            variables["applicant"] = record.Applicant;
            variables["applicantName"] = record.ApplicantName;
            var instance = tx.Start(record.ProcessId, variables);
            record.InstanceId = instance.Id;
            CaseCommandRunner.Notify(tx, record, record.Applicant, NotificationKinds.CaseAccepted, "办件已受理",
                $"您的办件 {record.Number}（{record.ProcessName}）已受理");
            return null;
        });
    }

    /// <summary>不予受理 at intake, with a reason the applicant reads.</summary>
    public CaseRecord Refuse(CaseActor actor, RefuseIntake input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        return runner.OnIntake(actor, input.CaseId, CaseCommandNames.RefuseIntake, (tx, record) =>
        {
            record.Reason = CaseCommandRunner.Required(input.Reason, "reason", "请说明不予受理的理由");
            CaseCommandRunner.AddComment(tx, record, actor, null, CaseCommentKind.Public, $"不予受理：{record.Reason}");
            CaseCommandRunner.Notify(tx, record, record.Applicant, NotificationKinds.CaseDecided, "办件不予受理",
                $"您的办件 {record.Number} 不予受理：{record.Reason}");
            return record.Reason;
        });
    }

    /// <summary>一次性告知补正 at intake: the case returns to the applicant with everything that is missing.</summary>
    public CaseRecord RequestCorrection(CaseActor actor, RequestIntakeCorrection input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return runner.OnIntake(actor, input.CaseId, CaseCommandNames.Correction,
            (tx, record) => runner.ReturnForCorrection(tx, record, actor, null, input.Items));
    }

    /// <summary>出件: the clerk delivers the results of a decided case.</summary>
    public CaseRecord Deliver(CaseActor actor, DeliverCase input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        return runner.OnCase(actor, input.CaseId, CaseCommandNames.Deliver, (tx, record) =>
        {
            CaseCommandRunner.Require(actor, Roles.Clerk, "只有窗口人员可以出件");
            record.State = CaseLifecycle.Next(record.State, CaseCommandNames.Deliver);
            record.DeliveredAt = tx.Now;
            CaseCommandRunner.Notify(tx, record, record.Applicant, NotificationKinds.CaseDecided, "办件已出件",
                $"您的办件 {record.Number} 的结果已送达，欢迎评价");
            return null;
        });
    }
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Cases.Notifications;
using OneThing.Cases.Persistence;
using OneThing.Engine.Persistence;
using OneThing.Engine.Runtime;

namespace OneThing.Cases.Casework;

/// <summary>草稿: an application for the newest version of a one-thing.</summary>
public sealed record CreateDraft(string ProcessId, ApplicantInput Applicant, JsonElement? FormData);

/// <summary>Changes to a draft or a case returned for correction; null leaves a part as it is.</summary>
public sealed record UpdateDraft(Guid CaseId, ApplicantInput? Applicant, JsonElement? FormData);

/// <summary>提交 of a draft, or of a case corrected.</summary>
public sealed record SubmitCase(Guid CaseId);

/// <summary>撤回 by the applicant, before acceptance.</summary>
public sealed record WithdrawCase(Guid CaseId, string? Reason);

/// <summary>好差评: 1 (非常不满意) to 5 (非常满意), with an optional comment.</summary>
public sealed record RateCase(Guid CaseId, int Rating, string? Comment);

/// <summary>A public comment on a case.</summary>
public sealed record CommentOnCase(Guid CaseId, string Text);

/// <summary>The applicant's commands: draft, submit, withdraw, rate — and comments, by the applicant or staff.
/// </summary>
public sealed class ApplicationCommands(CaseCommandRunner runner)
{
    /// <summary>草稿: the applicant starts an application for the newest version of a one-thing.</summary>
    public CaseRecord Create(CaseActor actor, CreateDraft input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Applicant);
        CaseCommandRunner.Require(actor, Roles.Applicant, "只有申请人可以提交申请");
        return runner.Engine.Run(tx =>
        {
            var definition = tx.Db.Definitions.AsNoTracking().Where(d => d.ProcessId == input.ProcessId)
                .OrderByDescending(d => d.Version).FirstOrDefault()
                ?? throw new CaseException(CaseErrorKind.Invalid, "PROCESS_NOT_DEPLOYED", $"事项 \"{input.ProcessId}\" 不存在或尚未发布");
            var record = new CaseRecord
            {
                Id = TimeOrderedId.Next(tx.Now), ProcessId = input.ProcessId, ProcessName = definition.Name,
                Applicant = actor.UserName, CreatedAt = tx.Now, ApplicantName = "",
            };
            SetApplicant(tx, record, input.Applicant);
            record.FormDataJson = runner.CheckForm(tx, input.ProcessId, input.FormData, complete: false);
            tx.Db.Add(record);
            CaseCommandRunner.Audit(tx, record, actor, "create", null, null);
            return record;
        });
    }

    /// <summary>Changes the application while it is a draft or returned for correction.</summary>
    public CaseRecord Update(CaseActor actor, UpdateDraft input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return runner.OnOwnCase(actor, input.CaseId, "update", (tx, record) =>
        {
            CaseCommandRunner.RequireEditable(record);

            if (input.Applicant is not null)
            {
                SetApplicant(tx, record, input.Applicant);
            }

            if (input.FormData is not null)
            {
                record.FormDataJson = runner.CheckForm(tx, record.ProcessId, input.FormData, complete: false);
            }

            return (string?)null;
        });
    }

    /// <summary>提交: a draft goes to the intake queue with a case number; a case returned for correction goes
    /// back to where it was returned from (the intake queue, or the step that asked, which reopens).</summary>
    public CaseRecord Submit(CaseActor actor, SubmitCase input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return runner.OnOwnCase(actor, input.CaseId, CaseCommandNames.Submit, (tx, record) =>
        {
            var next = CaseLifecycle.Next(record.State, CaseCommandNames.Submit, CorrectionOf(record));
            record.FormDataJson = runner.CheckForm(tx, record.ProcessId, JsonDocument.Parse(record.FormDataJson).RootElement,
                complete: true);
            record.CorrectionJson = null;
            if (record.State == CaseState.Correction && record.CorrectionTaskId is { } taskId)
            {
                var task = tx.Db.Set<CaseTaskRecord>().Single(t => t.Id == taskId);
                task.State = CaseTaskState.Open;
                // The process goes on with the corrected application.
                tx.SetVariables(record.InstanceId!.Value, VariableJson.Deserialize(record.FormDataJson) ?? []);
                record.CorrectionTaskId = null;
                record.State = next;
                CaseCommandRunner.NotifyWorkers(tx, record, task, NotificationKinds.TaskAssigned, "补正材料已提交",
                    $"办件 {record.Number} 的申请人已按一次性告知补正，请继续办理“{task.Name}”");
                return "补正后继续办理";
            }

            record.Number ??= runner.NextNumber(tx);
            record.SubmittedAt = tx.Now;
            record.State = next;
            return null;
        });
    }

    /// <summary>撤回 by the applicant, before acceptance.</summary>
    public CaseRecord Withdraw(CaseActor actor, WithdrawCase input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return runner.OnOwnCase(actor, input.CaseId, CaseCommandNames.Withdraw, (tx, record) =>
        {
            // A correction asked at intake has no process yet; one asked by a step has.
            record.State = CaseLifecycle.Next(record.State, CaseCommandNames.Withdraw,
                record.State == CaseState.Correction ? record.InstanceId is null ? CaseLifecycle.AtIntake : CaseLifecycle.ByStep : null);
            record.Reason = CaseCommandRunner.Bounded(input.Reason, "reason");
            return record.Reason;
        });
    }

    /// <summary>好差评: one rating per case, 1 (非常不满意) to 5 (非常满意), after delivery or a refusal.</summary>
    public CaseRecord Rate(CaseActor actor, RateCase input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return runner.OnOwnCase(actor, input.CaseId, CaseCommandNames.Rate, (tx, record) =>
        {
            var when = record.State == CaseState.Decided && record.Outcome == CaseOutcome.Refused ? CaseLifecycle.Refused : null;
            if (!CaseLifecycle.Allows(record.State, CaseCommandNames.Rate, when))
            {
                throw CaseException.State(record.Rating is null ? "办件出件后才能评价" : "每个办件只能评价一次");
            }

            if (input.Rating is < 1 or > 5)
            {
                throw CaseValidationException.Field("rating", "评价应为 1（非常不满意）到 5（非常满意）");
            }

            record.Rating = input.Rating;
            record.RatingComment = CaseCommandRunner.Bounded(input.Comment, "comment");
            record.RatedAt = tx.Now;
            record.State = CaseLifecycle.Next(record.State, CaseCommandNames.Rate, when);
            return $"{input.Rating} 星";
        });
    }

    /// <summary>A comment the applicant and the departments read (the applicant on own cases; staff on cases
    /// they can read).</summary>
    public CaseCommentRecord Comment(CaseActor actor, CommentOnCase input)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        CaseCommentRecord? added = null;
        runner.OnCase(actor, input.CaseId, "comment", (tx, record) =>
        {
            if (!(actor.IsStaff || actor.Is(Roles.Applicant) && record.Applicant == actor.UserName))
            {
                throw CaseException.Forbidden("只有申请人和经办人员可以留言");
            }

            added = CaseCommandRunner.AddComment(tx, record, actor, null, CaseCommentKind.Public,
                CaseCommandRunner.Required(input.Text, "text", "请填写留言内容"));
            return null;
        });
        return added!;
    }

    /// <summary>Which correction a case in 补正 waits for (see <see cref="CaseLifecycle"/>), or null.</summary>
    private static string? CorrectionOf(CaseRecord record) => record.State != CaseState.Correction
        ? null
        : record.CorrectionTaskId is null ? CaseLifecycle.AtIntake : CaseLifecycle.ByStep;

    private void SetApplicant(EngineTransaction tx, CaseRecord record, ApplicantInput applicant)
    {
        var today = runner.Today(tx);
        record.ApplicantKind = applicant.Kind;
        record.ApplicantName = CaseCommandRunner.Required(applicant.Name, "applicant.name", "请填写申请人名称");
        if (record.ApplicantName.Length > CaseLimits.MaxApplicantNameLength)
        {
            throw CaseValidationException.Field("applicant.name", $"申请人名称不能超过 {CaseLimits.MaxApplicantNameLength} 个字符");
        }

        var error = applicant.Kind == ApplicantKind.Person
            ? ResidentIdNumber.Validate(applicant.IdNumber, today, out _)
            : UnifiedSocialCreditCode.Validate(applicant.IdNumber, out _);
        if (error is not null)
        {
            throw CaseValidationException.Field("applicant.idNumber", error.Message);
        }

        ApplicantIdNumbers.Set(tx.Platform(), record, applicant.IdNumber);
    }
}

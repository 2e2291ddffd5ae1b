using System.Text;

namespace OneThing.Cases.Casework;

/// <summary>One allowed step of a case's lifecycle: in state <see cref="From"/>, <see cref="Command"/> leads to
/// <see cref="To"/>. <see cref="When"/> names the condition that picks this row among rows with the same state and
/// command (null: the only row).</summary>
public sealed record CaseTransition(CaseState From, string Command, CaseState To, string? When = null);

/// <summary>The case lifecycle as one table (state × command → next state). Commands ask it whether a step is
/// allowed and where it leads; a pair the table does not list is refused with the command's message. The table is
/// rendered in docs/architecture.md (a test keeps the two equal).</summary>
public static class CaseLifecycle
{
    /// <summary>A correction asked at intake (the case goes back to the intake queue when resubmitted).</summary>
    public const string AtIntake = "在受理时要求补正";

    /// <summary>A correction asked by a step of the process (that step reopens when the case is resubmitted).</summary>
    public const string ByStep = "由办理环节要求补正";

    /// <summary>A decision that refused the application (不予许可).</summary>
    public const string Refused = "结果为不予许可";

    /// <summary>The process has ended (set by the engine's command, whatever caused it).</summary>
    public const string ProcessEnded = "流程结束";

    /// <summary>Every allowed step, in the lifecycle's order.</summary>
    public static IReadOnlyList<CaseTransition> Transitions { get; } =
    [
        new(CaseState.Draft, CaseCommandNames.Update, CaseState.Draft),
        new(CaseState.Correction, CaseCommandNames.Update, CaseState.Correction),
        new(CaseState.Draft, CaseCommandNames.Submit, CaseState.Submitted),
        new(CaseState.Correction, CaseCommandNames.Submit, CaseState.Submitted, AtIntake),
        new(CaseState.Correction, CaseCommandNames.Submit, CaseState.InProgress, ByStep),
        new(CaseState.Draft, CaseCommandNames.Withdraw, CaseState.Withdrawn),
        new(CaseState.Submitted, CaseCommandNames.Withdraw, CaseState.Withdrawn),
        new(CaseState.Correction, CaseCommandNames.Withdraw, CaseState.Withdrawn, AtIntake),
        new(CaseState.Submitted, CaseCommandNames.Accept, CaseState.Accepted),
        new(CaseState.Submitted, CaseCommandNames.RefuseIntake, CaseState.NotAccepted),
        new(CaseState.Submitted, CaseCommandNames.Correction, CaseState.Correction),
        new(CaseState.Accepted, CaseCommandNames.TaskWork, CaseState.InProgress),
        new(CaseState.Accepted, CaseCommandNames.TaskCorrection, CaseState.Correction, ByStep),
        new(CaseState.InProgress, CaseCommandNames.TaskCorrection, CaseState.Correction, ByStep),
        new(CaseState.Correction, CaseCommandNames.TaskCorrection, CaseState.Correction, ByStep),
        new(CaseState.Accepted, CaseCommandNames.ProcessEnd, CaseState.Decided, ProcessEnded),
        new(CaseState.InProgress, CaseCommandNames.ProcessEnd, CaseState.Decided, ProcessEnded),
        new(CaseState.Correction, CaseCommandNames.ProcessEnd, CaseState.Decided, ProcessEnded),
        new(CaseState.Decided, CaseCommandNames.Deliver, CaseState.Delivered),
        new(CaseState.Delivered, CaseCommandNames.Rate, CaseState.Rated),
        new(CaseState.NotAccepted, CaseCommandNames.Rate, CaseState.Rated),
        new(CaseState.Decided, CaseCommandNames.Rate, CaseState.Rated, Refused),
    ];

    /// <summary>What a command answers when the case's state has no row for it (the same words as before the table).
    /// </summary>
    private static readonly Dictionary<string, string> Refusals = new(StringComparer.Ordinal)
    {
        [CaseCommandNames.Update] = "只有草稿或补正中的办件可以修改材料",
        [CaseCommandNames.Submit] = "只有草稿或补正中的办件可以提交",
        [CaseCommandNames.Withdraw] = "办件已受理，不能撤回",
        [CaseCommandNames.Accept] = IntakeRefusal,
        [CaseCommandNames.RefuseIntake] = IntakeRefusal,
        [CaseCommandNames.Correction] = IntakeRefusal,
        [CaseCommandNames.Deliver] = "只有已办结的办件可以出件",
        [CaseCommandNames.Rate] = "办件出件后才能评价",
    };

    private const string IntakeRefusal = "只有已提交、待受理的办件可以受理、不予受理或要求补正";

    /// <summary>Whether the table has a row for <paramref name="from"/> and <paramref name="command"/> (under
    /// <paramref name="when"/>, or unconditionally).</summary>
    public static bool Allows(CaseState from, string command, string? when = null) => Find(from, command, when) is not null;

    /// <summary>The state <paramref name="command"/> leads to from <paramref name="from"/>.</summary>
    /// <exception cref="CaseException">STATE_CONFLICT (409) with the command's message: the table has no such row.
    /// </exception>
    public static CaseState Next(CaseState from, string command, string? when = null) =>
        Find(from, command, when)?.To
        ?? throw CaseException.State(Refusals.TryGetValue(command, out var message) ? message : $"当前状态（{CaseStates.Name(from)}）不允许此操作");

    /// <summary>The table as markdown (docs/architecture.md shows it as it is here).</summary>
    public static string Markdown()
    {
        var text = new StringBuilder("| 状态 | 命令 | 条件 | 下一状态 |\n|---|---|---|---|\n");
        foreach (var t in Transitions)
        {
            text.Append($"| {CaseStates.Name(t.From)} (`{t.From}`) | `{t.Command}` | {t.When ?? ""} | {CaseStates.Name(t.To)} (`{t.To}`) |\n");
        }

        return text.ToString();
    }

    private static CaseTransition? Find(CaseState from, string command, string? when) =>
        Transitions.FirstOrDefault(t => t.From == from && t.Command == command && (t.When is null || t.When == when));
}

/// <summary>The commands of the lifecycle table, as the audit trail records them.</summary>
public static class CaseCommandNames
{
    public const string Update = "update";
    public const string Submit = "submit";
    public const string Withdraw = "withdraw";
    public const string Accept = "accept";
    public const string RefuseIntake = "refuse-intake";
    public const string Correction = "correction";
    public const string Deliver = "deliver";
    public const string Rate = "rate";

    /// <summary>The first command on a task of an accepted case (办理中 begins).</summary>
    public const string TaskWork = "task.*";

    /// <summary>一次性告知补正 asked by a step of the process.</summary>
    public const string TaskCorrection = "task.correction";

    /// <summary>The engine command that ends the case's process (a task's completion, a timer, a message…).</summary>
    public const string ProcessEnd = "process.end";
}

/// <summary>Chinese names of case states, as people and the audit trail read them. Every state has one (a test
/// enumerates them); a state without a name is an error, never a wrong name.</summary>
public static class CaseStates
{
    private static readonly Dictionary<CaseState, string> Names = new()
    {
        [CaseState.Draft] = "草稿",
        [CaseState.Submitted] = "已提交",
        [CaseState.Accepted] = "已受理",
        [CaseState.NotAccepted] = "不予受理",
        [CaseState.Correction] = "补正",
        [CaseState.InProgress] = "办理中",
        [CaseState.Decided] = "办结",
        [CaseState.Delivered] = "已出件",
        [CaseState.Rated] = "已评价",
        [CaseState.Withdrawn] = "已撤回",
    };

    /// <summary>草稿, 已提交, …</summary>
    /// <exception cref="ArgumentOutOfRangeException">A state without a name.</exception>
    public static string Name(CaseState state) => Names.TryGetValue(state, out var name)
        ? name
        : throw new ArgumentOutOfRangeException(nameof(state), state, "办件状态没有中文名称（CaseStates）");
}

namespace OneThing.Engine.Model;

/// <summary>Who may work on a user task: Camunda 7 <c>camunda:assignee/candidateGroups/candidateUsers</c>
/// or Zeebe <c>zeebe:assignmentDefinition</c>. Candidate groups are departments.</summary>
public sealed record TaskAssignment(string? Assignee, IReadOnlyList<string> CandidateGroups,
    IReadOnlyList<string> CandidateUsers)
{
    /// <summary>No assignee and no candidates.</summary>
    public static readonly TaskAssignment None = new(null, [], []);

    /// <summary>True when no one at all is named.</summary>
    public bool IsEmpty => Assignee is null && CandidateGroups.Count == 0 && CandidateUsers.Count == 0;
}

/// <summary>One input or output mapping: <paramref name="Source"/> is a FEEL expression evaluated in the
/// source scope, <paramref name="Target"/> the variable name written in the target scope.</summary>
public sealed record IoMapping(string Source, string Target);

/// <summary>The unit of a time limit.</summary>
public enum TimeLimitUnit
{
    /// <summary>Working days (工作日) of the working-day calendar.</summary>
    WorkingDays,
    /// <summary>Natural (calendar) days (自然日).</summary>
    NaturalDays,
    /// <summary>Hours (小时).</summary>
    Hours,
}

/// <summary>A time limit such as <c>20wd</c> (20 working days), <c>10d</c> (natural days) or <c>4h</c>.</summary>
public sealed record TimeLimit(decimal Amount, TimeLimitUnit Unit)
{
    /// <summary>Parses <c>&lt;number&gt;wd|d|h</c>, case-insensitive; returns false for anything else.</summary>
    public static bool TryParse(string? text, out TimeLimit? limit)
    {
        limit = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().ToLowerInvariant();
        var (unit, suffix) = s.EndsWith("wd", StringComparison.Ordinal) ? (TimeLimitUnit.WorkingDays, 2)
            : s.EndsWith('d') ? (TimeLimitUnit.NaturalDays, 1)
            : s.EndsWith('h') ? (TimeLimitUnit.Hours, 1)
            : (TimeLimitUnit.WorkingDays, -1);
        if (suffix < 0 || !decimal.TryParse(s[..^suffix], System.Globalization.NumberStyles.AllowDecimalPoint,
                System.Globalization.CultureInfo.InvariantCulture, out var amount) || amount < 0)
        {
            return false;
        }

        limit = new TimeLimit(amount, unit);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + Unit switch { TimeLimitUnit.WorkingDays => "wd", TimeLimitUnit.NaturalDays => "d", _ => "h" };
}

/// <summary>Whether a step consumes a material (needs it from the applicant or a reuse source) or issues one.</summary>
public enum MaterialUse
{
    Consume,
    Issue,
}

/// <summary>A material (材料) declared on a step with <c>ot:material</c>.</summary>
/// <param name="Code">The material's code in the material catalogue, e.g. <c>营业执照</c>.</param>
/// <param name="Name">A display name, if different from the code.</param>
/// <param name="Use">Consumed or issued by the step.</param>
/// <param name="Required">Whether the step cannot proceed without it.</param>
public sealed record MaterialRef(string Code, string? Name, MaterialUse Use, bool Required);

/// <summary>Multi-instance loop characteristics (会签/或签/票签).</summary>
/// <param name="IsSequential">Sequential rather than parallel.</param>
/// <param name="LoopCardinality">FEEL: the number of instances when there is no input collection.</param>
/// <param name="InputCollection">FEEL: the list to iterate.</param>
/// <param name="InputElement">The variable, local to each instance, holding the current item.</param>
/// <param name="OutputCollection">The variable, in the enclosing scope, receiving the collected outputs.</param>
/// <param name="OutputElement">FEEL evaluated in each instance's scope on completion; its value is collected.</param>
/// <param name="CompletionCondition">FEEL over <c>nrOfInstances</c>, <c>nrOfCompletedInstances</c>,
/// <c>nrOfActiveInstances</c> and variables; when true the remaining instances are cancelled.</param>
public sealed record MultiInstanceLoop(bool IsSequential, string? LoopCardinality, string? InputCollection,
    string? InputElement, string? OutputCollection, string? OutputElement, string? CompletionCondition);

/// <summary>The public guide (办事指南) of a one-thing, from <c>ot:guide</c> on the process.</summary>
/// <param name="Fee">What the applicant pays (<c>fee</c>, e.g. 不收费).</param>
/// <param name="Pickup">Where or how results are collected (<c>pickup</c>, e.g. 一窗领取).</param>
/// <param name="Conditions">The application conditions (申请条件), one per <c>ot:condition</c>, in document order.</param>
public sealed record ProcessGuide(string? Fee, string? Pickup, IReadOnlyList<string> Conditions);

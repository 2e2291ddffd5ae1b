using OneThing.Cases.Casework;
using OneThing.Cases.Tests.TestSupport;

namespace OneThing.Cases.Tests.Casework;

public class CaseLifecycleTests
{
    private const string Begin = "<!-- lifecycle:begin (generated from CaseLifecycle.Markdown(); CaseLifecycleTests keeps it equal) -->";
    private const string End = "<!-- lifecycle:end -->";

    public static TheoryData<CaseState> States => [.. Enum.GetValues<CaseState>()];

    [Theory]
    [MemberData(nameof(States))]
    public void EveryState_HasANameAndARow(CaseState state)
    {
        Assert.False(string.IsNullOrWhiteSpace(CaseStates.Name(state)));
        Assert.Contains(CaseLifecycle.Transitions, t => t.From == state || t.To == state);
    }

    [Fact]
    public void Name_OfAStateWithoutOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CaseStates.Name((CaseState)99));

    [Fact]
    public void Names_AreDistinct() =>
        Assert.Equal(Enum.GetValues<CaseState>().Length, Enum.GetValues<CaseState>().Select(CaseStates.Name).Distinct().Count());

    [Fact]
    public void Transitions_EachStateAndCommandAndCondition_LeadToOneState() =>
        Assert.Equal(CaseLifecycle.Transitions.Count,
            CaseLifecycle.Transitions.Select(t => (t.From, t.Command, t.When)).Distinct().Count());

    [Theory]
    [InlineData(CaseState.Draft, CaseCommandNames.Submit, null, CaseState.Submitted)]
    [InlineData(CaseState.Correction, CaseCommandNames.Submit, CaseLifecycle.ByStep, CaseState.InProgress)]
    [InlineData(CaseState.Correction, CaseCommandNames.Submit, CaseLifecycle.AtIntake, CaseState.Submitted)]
    [InlineData(CaseState.Submitted, CaseCommandNames.Accept, null, CaseState.Accepted)]
    [InlineData(CaseState.Decided, CaseCommandNames.Rate, CaseLifecycle.Refused, CaseState.Rated)]
    public void Next_ListedPair_GivesTheTablesState(CaseState from, string command, string? when, CaseState to) =>
        Assert.Equal(to, CaseLifecycle.Next(from, command, when));

    [Theory]
    [InlineData(CaseState.Accepted, CaseCommandNames.Submit, "只有草稿或补正中的办件可以提交")]
    [InlineData(CaseState.Accepted, CaseCommandNames.Withdraw, "办件已受理，不能撤回")]
    [InlineData(CaseState.Draft, CaseCommandNames.Accept, "只有已提交、待受理的办件可以受理、不予受理或要求补正")]
    [InlineData(CaseState.InProgress, CaseCommandNames.Deliver, "只有已办结的办件可以出件")]
    [InlineData(CaseState.Decided, CaseCommandNames.Rate, "办件出件后才能评价")]
    public void Next_UnlistedPair_IsAStateConflictWithTheCommandsMessage(CaseState from, string command, string message)
    {
        var refused = Assert.Throws<CaseException>(() => CaseLifecycle.Next(from, command));

        Assert.Equal(message, refused.Message);
        Assert.Equal(CaseErrorKind.InvalidState, refused.Kind);
    }

    [Fact]
    public void Docs_ShowTheTableAsTheCodeHasIt()
    {
        var docs = File.ReadAllText(Path.Combine(Repository.Root, "docs", "architecture.md"));
        var start = docs.IndexOf(Begin, StringComparison.Ordinal);
        var end = docs.IndexOf(End, StringComparison.Ordinal);

        Assert.True(start >= 0 && end > start, $"docs/architecture.md lacks the lifecycle markers:\n{Begin}\n{End}");
        Assert.Equal(CaseLifecycle.Markdown().Trim(), docs[(start + Begin.Length)..end].Trim());
    }
}

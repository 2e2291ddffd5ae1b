using OneThing.Server.Api;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Cases.CaseApi;

namespace OneThing.Server.Tests.Api;

/// <summary>A page past the end is empty, however large its number (issue 9, defect 9).</summary>
public sealed class PagingTests
{
    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task PagePastTheEnd_IsEmpty_NotPageOne(string provider)
    {
        using var factory = new OneThingFactory(provider);
        using var applicant = await factory.SignInAsync("applicant");
        using var clerk = await factory.SignInAsync("clerk");
        using var approver = await factory.SignInAsync("approver");
        await Accepted(applicant, clerk);

        // 214748365 × 20 wraps round to -16 in 32 bits.
        foreach (var page in new[] { 2, 214748365, int.MaxValue })
        {
            foreach (var (client, path) in new[]
                     {
                         (applicant, "/api/cases/mine"), (approver, "/api/tasks"), (approver, "/api/notifications"),
                     })
            {
                var answer = await Get(client, $"{path}?page={page}&pageSize=20");
                Assert.Empty(answer.GetProperty("items").EnumerateArray());
                Assert.True(answer.GetProperty("total").GetInt32() >= 1, path);
                var number = answer.TryGetProperty("page", out var named) ? named : answer.GetProperty("pageNumber");
                Assert.Equal(page, number.GetInt32());
            }
        }
    }

    [Fact]
    public void Offset_HugePage_IsNullNotNegative()
    {
        Assert.Null(Paging.Offset(214748365, 20, 1));
        Assert.Null(Paging.Offset(int.MaxValue, 100, int.MaxValue));
        Assert.Equal(20, Paging.Offset(2, 20, 21));
        Assert.Null(Paging.Offset(2, 20, 20));
    }
}

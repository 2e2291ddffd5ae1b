using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OneThing.Cases.Accounts;
using OneThing.Server.Accounts;
using OneThing.Server.Tests.TestSupport;
using static OneThing.Server.Tests.Accounts.AccountTestApi;

namespace OneThing.Server.Tests.Accounts;

/// <summary>Issue 9, defect 5: sign-in tells nobody whether an account exists or is locked, and failure counting can
/// be neither raced nor turned against the account holder.</summary>
public sealed class SignInTests
{
    private const string Wrong = "Wrong#Guess123";

    [Theory]
    [MemberData(nameof(OneThingFactory.Providers), MemberType = typeof(OneThingFactory))]
    public async Task Login_SixParallelWrongPasswords_BlockTheRightOneFromThatAddress(string provider)
    {
        using var factory = new OneThingFactory(provider);
        var clients = Enumerable.Range(0, 6).Select(_ => factory.NewClient("192.0.2.10")).ToList();

        var answers = await Task.WhenAll(clients.Select(c => Login(c, "admin", Wrong)));
        using var right = await Login(factory.NewClient("192.0.2.10"), "admin", DemoData.DemoPassword);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }

        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Login_BlockedFromOneAddress_TheHolderSignsInFromAnother()
    {
        using var factory = new OneThingFactory();
        using var attacker = factory.NewClient("198.51.100.7");
        for (var i = 0; i < 8; i++)
        {
            using var _ = await Login(attacker, "admin", Wrong);
        }

        using var blocked = await Login(attacker, "admin", DemoData.DemoPassword);
        using var holder = await Login(factory.NewClient("203.0.113.20"), "admin", DemoData.DemoPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, blocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, holder.StatusCode);
    }

    [Fact]
    public async Task Login_UnknownWrongBlockedAndLocked_GetOneAnswer()
    {
        using var factory = new OneThingFactory();
        using (var admin = await factory.SignInAsync("admin"))
        {
            Assert.Equal(HttpStatusCode.OK, await Send(admin, HttpMethod.Put, "/api/admin/users/analyst", new { @lock = true }));
        }

        using var client = factory.NewClient("192.0.2.30");
        for (var i = 0; i < 5; i++)
        {
            using var _ = await Login(client, "auditor", Wrong);
        }

        using var unknown = await Login(client, "nobody-here", Wrong);
        using var wrong = await Login(client, "clerk", Wrong);
        using var blocked = await Login(client, "auditor", DemoData.DemoPassword);
        using var locked = await Login(client, "analyst", DemoData.DemoPassword);

        var expected = await Refusal(unknown);
        Assert.Equal(HttpStatusCode.Unauthorized, expected.Status);
        Assert.Equal(expected, await Refusal(wrong));
        Assert.Equal(expected, await Refusal(blocked));
        Assert.Equal(expected, await Refusal(locked));
    }

    [Fact]
    public async Task Login_UnknownName_HashesAPasswordLikeAKnownOne()
    {
        var hasher = new CountingHasher();
        using var root = new OneThingFactory();
        using var factory = root.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.AddSingleton<IPasswordHasher<AccountRecord>>(hasher)));
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

        using (var _ = await Login(client, "clerk", Wrong))
        {
        }

        var known = hasher.Verifications;
        using (var _ = await Login(client, "no-such-user", Wrong))
        {
        }

        Assert.Equal(1, known);
        Assert.Equal(2, hasher.Verifications);
    }

    [Fact]
    public async Task Login_NameInAnotherCase_SignsInTheAccount()
    {
        using var factory = new OneThingFactory();
        using var client = await factory.SignInAsync("ADMIN");

        Assert.Equal("admin", (await MeOf(client)).UserName);
    }

    private sealed class CountingHasher : IPasswordHasher<AccountRecord>
    {
        private readonly PasswordHasher<AccountRecord> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(AccountRecord user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AccountRecord user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

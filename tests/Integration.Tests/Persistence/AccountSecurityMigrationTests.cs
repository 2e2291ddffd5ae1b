using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Accounts;
using OneThing.Cases.Persistence;

namespace OneThing.Integration.Tests.Persistence;

/// <summary>Migration 20261202010000_AccountSecurity on accounts as the releases before it stored them.</summary>
public class AccountSecurityMigrationTests
{
    private const string Hash = "AQAAAAIAAYagAAAAEExampleHashThatIsKeptByteForByte==";

    /// <summary>Every account keeps its password hash (no reset); names that differ only in case all stay, the oldest
    /// keeping the normalised name and the others a suffixed one, so the new unique index holds without losing a row.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Migrate_AccountsOfTheFirstRelease_KeepHashesAndCollidingNames(string provider)
    {
        using var db = TestDatabase.Create(provider, migrateTo: "20261127040000_HistoryPath");
        var older = Guid.CreateVersion7();
        var newer = Guid.CreateVersion7();
        var clerk = Guid.CreateVersion7();
        using (var old = db.CreateDbContext())
        {
            Insert(old, older, "admin", 100);
            Insert(old, newer, "Admin", 200);
            Insert(old, clerk, "clerk", 300);
        }

        using (var current = db.CreateDbContext())
        {
            PlatformSchema.Migrate(current);
        }

        using var read = db.CreateDbContext();
        var accounts = read.Accounts.AsNoTracking().OrderBy(a => a.CreatedAt).ToList();
        Assert.Equal(["admin", "Admin", "clerk"], accounts.Select(a => a.UserName));
        Assert.Equal(["ADMIN", $"ADMIN:{newer}", "CLERK"], accounts.Select(a => a.NormalizedUserName),
            StringComparer.OrdinalIgnoreCase);
        Assert.All(accounts, a => Assert.Equal(Hash, a.PasswordHash));
        Assert.All(accounts, a => Assert.False(a.PasswordVetted));
        Assert.Equal(["approver"], accounts[2].RoleList);
        Assert.Empty(read.Sessions);
        Assert.Throws<DbUpdateException>(() =>
        {
            read.Accounts.Add(new AccountRecord { Id = Guid.CreateVersion7(), UserName = "CLERK", DisplayName = "重名" });
            read.SaveChanges();
        });
    }

    private static void Insert(DbContext db, Guid id, string userName, long createdAt) =>
        db.Database.ExecuteSql($"""INSERT INTO ot_account ("Id","UserName","DisplayName","PasswordHash","Roles","Departments","FailedSignIns","LockedUntil","CreatedAt") VALUES ({id}, {userName}, {userName}, {Hash}, 'approver', '市场监管局', 2, NULL, {createdAt})""");
}

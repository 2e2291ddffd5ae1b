using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OneThing.Cases.Accounts;

/// <summary>One signed-in session (a browser's cookie). The cookie carries a random token; the row is found by the
/// token's hash on every request, so deleting the row ends the session on every node at its next request.</summary>
public sealed class SessionRecord
{
    /// <summary>Longest client address stored (an IPv6 address with zone fits).</summary>
    public const int MaxAddressLength = 64;

    /// <summary>Lower-case hex SHA-256 of the cookie's session token; the token itself is never stored.</summary>
    public required string Id { get; init; }

    public Guid AccountId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the session was last used, kept to within the renewal interval of the server's settings.</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The client address that signed in.</summary>
    public string? Address { get; init; }
}

/// <summary>Failed sign-ins of one account from one client address. Counting per address means an attacker
/// guessing from one address is slowed down (exponentially) without locking the account holder out elsewhere.
/// </summary>
public sealed class SignInThrottleRecord
{
    public Guid AccountId { get; init; }

    /// <summary>The client address (<see cref="SessionRecord.MaxAddressLength"/> at most).</summary>
    public required string Address { get; init; }

    /// <summary>Failures in a row from this address; reset by a success or after a quiet period.</summary>
    public int Failures { get; set; }

    public DateTimeOffset LastFailureAt { get; set; }

    /// <summary>Sign-in from this address is refused (without checking the password) until then.</summary>
    public DateTimeOffset? BlockedUntil { get; set; }
}

internal sealed class SessionRecordConfiguration : IEntityTypeConfiguration<SessionRecord>
{
    public void Configure(EntityTypeBuilder<SessionRecord> b)
    {
        b.ToTable("ot_session");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(64);
        b.Property(x => x.Address).HasMaxLength(SessionRecord.MaxAddressLength);
        b.HasIndex(x => x.AccountId);
    }
}

internal sealed class SignInThrottleRecordConfiguration : IEntityTypeConfiguration<SignInThrottleRecord>
{
    public void Configure(EntityTypeBuilder<SignInThrottleRecord> b)
    {
        b.ToTable("ot_sign_in_throttle");
        b.HasKey(x => new { x.AccountId, x.Address });
        b.Property(x => x.Address).HasMaxLength(SessionRecord.MaxAddressLength);
    }
}

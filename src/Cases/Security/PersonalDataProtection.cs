using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OneThing.Cases.Casework;

namespace OneThing.Cases.Security;

/// <summary>Puts a <see cref="PersonalDataProtector"/> into a context's options: the case layer seals identity
/// numbers with it, identity numbers are opened as cases are read, and the audit chain hashes with its profile.
/// A context without it reads identity numbers as empty and hashes with <see cref="CryptoProfile.International"/>.
/// </summary>
public static class PersonalDataProtection
{
    /// <summary>Configures <paramref name="builder"/> with <paramref name="protector"/>.</summary>
    public static DbContextOptionsBuilder UsePersonalDataProtection(this DbContextOptionsBuilder builder,
        PersonalDataProtector protector)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(protector);
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new Extension(protector));
        builder.AddInterceptors(ApplicantIdNumbers.Materializer.Instance);
        return builder;
    }

    /// <summary>The protector of <paramref name="db"/>'s options, or null.</summary>
    public static PersonalDataProtector? Of(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.GetService<IDbContextOptions>().FindExtension<Extension>()?.Protector;
    }

    /// <summary>The protector of <paramref name="db"/>'s options.</summary>
    /// <exception cref="InvalidOperationException">The context was configured without one.</exception>
    public static PersonalDataProtector Required(DbContext db) => Of(db) ?? throw new InvalidOperationException(
        "数据库上下文未配置个人信息加密（UsePersonalDataProtection），不能写入身份证件号码");

    /// <summary>The profile new hashes of <paramref name="db"/> use: its protector's, else international.</summary>
    public static CryptoProfile ProfileOf(DbContext db) => Of(db)?.Profile ?? CryptoProfile.International;

    /// <summary>Carries the protector; it changes no service, so every context shares EF's internal services.</summary>
    private sealed class Extension(PersonalDataProtector protector) : IDbContextOptionsExtension
    {
        public PersonalDataProtector Protector => protector;

        public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

        public void ApplyServices(IServiceCollection services)
        {
        }

        public void Validate(IDbContextOptions options)
        {
        }

        private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
        {
            public override bool IsDatabaseProvider => false;

            public override string LogFragment => $"PersonalDataProtection={((Extension)Extension).Protector.Profile} ";

            public override int GetServiceProviderHashCode() => 0;

            public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

            public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
                debugInfo["OneThing:PersonalDataProtection"] = "1";
        }
    }
}

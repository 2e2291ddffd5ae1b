using OneThing.Cases.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using OneThing.Cases.Casework;
using OneThing.Cases.Security;
using OneThing.Server.Accounts;
using OneThing.Server.Api;
using OneThing.Server.Persistence;

namespace OneThing.Server.Security;

/// <summary>Keys and personal data at rest: the master key ring and crypto profile, the data-protection key ring
/// in the database encrypted with the master key, identity numbers and idempotent answers sealed.</summary>
public static partial class SecurityModule
{
    /// <summary>The data-protection application name: fixed, so every node (whatever its folder) shares keys.
    /// </summary>
    public const string ApplicationName = "OneThing";

    /// <summary>Registers the key ring (failing the start when production has no master key), the
    /// <see cref="PersonalDataProtector"/> and data protection.</summary>
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new();
        var settings = DatabaseSettings.From(builder.Configuration);
        var keys = MasterKeys.Load(options, settings.DataDir, MayGenerateMasterKey(builder));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton(new PersonalDataProtector(keys));
        builder.Services.AddDbContext<DataProtectionKeysContext>(settings.Configure);
        builder.Services.AddDataProtection().SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<DataProtectionKeysContext>();
        builder.Services.AddOptions<KeyManagementOptions>().Configure<PersonalDataProtector>((management, protector) =>
            management.XmlEncryptor = new MasterKeyXmlEncryptor(protector));
        return builder;
    }

    /// <summary>Seals what was stored in clear or under a replaced key or profile: identity numbers of cases and
    /// kept idempotent answers. Runs after the migrations, on every start; finds nothing to do once done.</summary>
    public static void SealStoredPersonalData(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var contexts = app.Services.GetRequiredService<IDbContextFactory<PlatformDbContext>>();
        var cases = ApplicantIdNumbers.Reseal(contexts, app.Services.GetRequiredService<TimeProvider>());
        var answers = Idempotency.Reseal(contexts, app.Services.GetRequiredService<PersonalDataProtector>());
        if (cases + answers > 0)
        {
            LogSealed(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecurityModule)), cases, answers);
        }
    }

    /// <summary>The one place that decides whether a master key may be made up on the spot: a demo set-up or the
    /// Development environment, never production.</summary>
    private static bool MayGenerateMasterKey(WebApplicationBuilder builder) =>
        builder.Environment.IsDevelopment()
        || builder.Configuration.GetValue<bool>(DemoOptions.Key);

    [LoggerMessage(Level = LogLevel.Information, Message = "已用当前主密钥加密存量个人信息：办件 {Cases} 件，幂等应答 {Answers} 条")]
    private static partial void LogSealed(ILogger logger, int cases, int answers);
}

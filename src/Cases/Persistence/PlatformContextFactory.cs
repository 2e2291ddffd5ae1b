using Microsoft.EntityFrameworkCore;
using OneThing.Engine.Persistence;

namespace OneThing.Cases.Persistence;

/// <summary>The engine's context factory in a platform host: every context the engine creates for a command is a
/// <see cref="PlatformDbContext"/>, so the case layer's rows written through <see cref="EngineTransaction.Db"/>
/// (see <see cref="PlatformTransaction.Platform"/>) commit in the engine's transaction.</summary>
public sealed class PlatformContextFactory(IDbContextFactory<PlatformDbContext> platform) : IDbContextFactory<EngineDbContext>
{
    /// <inheritdoc />
    public EngineDbContext CreateDbContext() => platform.CreateDbContext();
}

/// <summary>The platform's view of an engine transaction.</summary>
public static class PlatformTransaction
{
    /// <summary>The transaction's context as the platform's: its rows commit with the engine's.</summary>
    /// <exception cref="InvalidOperationException">The host gave the engine a factory of plain engine contexts
    /// (wire it with <see cref="PlatformContextFactory"/>).</exception>
    public static PlatformDbContext Platform(this EngineTransaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        return tx.Db as PlatformDbContext ?? throw new InvalidOperationException(
            "引擎的数据库上下文不是平台上下文（PlatformDbContext）：办件命令需要引擎以 PlatformContextFactory 创建上下文，" +
            "办件数据才能与流程数据在同一事务中提交");
    }
}

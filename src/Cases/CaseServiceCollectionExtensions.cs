using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneThing.Cases.Casework;

namespace OneThing.Cases;

/// <summary>Composition of the case layer.</summary>
public static class CaseServiceCollectionExtensions
{
    /// <summary>Registers the case options (unless the host has registered them already), the <see cref="CaseCommandRunner"/> and every command class, all
    /// singletons (they hold no per-request state). The <c>DurableEngine</c> they run on is the host's; so is the
    /// engine hook <see cref="CaseSync.FromEngine"/>, registered where the host builds the engine.</summary>
    public static IServiceCollection AddCases(this IServiceCollection services, CaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(options);
        services.AddSingleton<CaseCommandRunner>();
        services.AddSingleton<ApplicationCommands>();
        services.AddSingleton<IntakeCommands>();
        services.AddSingleton<TaskCommands>();
        services.AddSingleton<CoSignCommands>();
        services.AddSingleton<MoveCommands>();
        services.AddSingleton<MaterialCommands>();
        services.AddSingleton<LimitWarnings>();
        return services;
    }
}

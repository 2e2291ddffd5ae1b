using Microsoft.Extensions.Options;

namespace OneThing.Server.Hosting;

/// <summary>The rules of one options class, each naming its setting by its full configuration key
/// (<c>OneThing:Cases:MaxMaterialBytes</c>), so a wrong value stops the start with a message that says which setting
/// to fix and what it must be, rather than failing later in a request.</summary>
/// <typeparam name="T">The options class.</typeparam>
/// <param name="section">The options' configuration section.</param>
public sealed class SettingRules<T>(string section) : IValidateOptions<T> where T : class
{
    private readonly List<(string Setting, Func<T, bool> Holds, string Rule)> _rules = [];

    /// <summary>Adds a rule: <paramref name="holds"/> must be true of <paramref name="setting"/>, described by
    /// <paramref name="rule"/> (Chinese, e.g. "应大于 0").</summary>
    public SettingRules<T> Require(string setting, Func<T, bool> holds, string rule)
    {
        _rules.Add((setting, holds, rule));
        return this;
    }

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = _rules.Where(r => !r.Holds(options)).Select(r => $"{section}:{r.Setting} {r.Rule}").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Binding options once, at composition, through their <see cref="SettingRules{T}"/>.</summary>
public static class ValidatedSettings
{
    /// <summary>Binds <paramref name="section"/>, refuses to start (<see cref="OptionsValidationException"/> listing
    /// every failed rule) when a rule fails, registers the options as a singleton and returns them.</summary>
    public static T AddValidatedSettings<T>(this WebApplicationBuilder builder, string section, SettingRules<T> rules)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(rules);
        var options = builder.Configuration.GetSection(section).Get<T>() ?? new T();
        var result = rules.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(section, typeof(T), result.Failures);
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IValidateOptions<T>>(rules);
        return options;
    }
}

using Microsoft.AspNetCore.Http.HttpResults;

namespace OneThing.Server.Api;

/// <summary>The one answer to a request whose fields are wrong: 400 <c>VALIDATION_FAILED</c> with the problems per
/// field (the request's JSON names, in Chinese), whichever layer found them — a handler checking its query or body,
/// or a case command (<see cref="OneThing.Cases.Casework.CaseValidationException"/>).</summary>
public static class Validation
{
    /// <summary>The problem code.</summary>
    public const string Code = "VALIDATION_FAILED";

    /// <summary>The problem title.</summary>
    public const string Title = "提交的数据有误";

    /// <summary>The problem detail.</summary>
    public const string Detail = "请按提示修改后重新提交";

    /// <summary>The answer for several fields.</summary>
    public static ValidationProblem Problem(IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return TypedResults.ValidationProblem(errors, Detail, title: Title,
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = Code });
    }

    /// <summary>The answer for one field.</summary>
    public static ValidationProblem Problem(string field, string message) =>
        Problem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    /// <summary>Collects field problems while a handler checks its input.</summary>
    public sealed class Errors
    {
        private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

        /// <summary>Whether no problem was found.</summary>
        public bool None => _errors.Count == 0;

        /// <summary>Records <paramref name="message"/> for <paramref name="field"/> when <paramref name="wrong"/>.
        /// </summary>
        public Errors Check(bool wrong, string field, string message)
        {
            if (wrong)
            {
                _errors[field] = [.. _errors.GetValueOrDefault(field) ?? [], message];
            }

            return this;
        }

        /// <summary>The answer for what was found.</summary>
        public ValidationProblem Problem() => Validation.Problem(_errors);
    }
}

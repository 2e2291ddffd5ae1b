using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using OneThing.Cases.Casework;
using OneThing.Cases.Security;

namespace OneThing.Cases.Audit;

/// <summary>One table of case facts the audit chain seals, as the EF model maps it.</summary>
/// <param name="Name">The table (e.g. <c>ot_case</c>).</param>
/// <param name="ChineseName">What the table holds, in Chinese (e.g. 办件).</param>
/// <param name="Columns">Every sealed column: all columns of the table but those in
/// <see cref="CaseFacts.ExcludedColumns"/>, in ordinal order of their names.</param>
public sealed record FactTable(string Name, string ChineseName, IReadOnlyList<FactColumn> Columns);

/// <summary>One sealed column.</summary>
/// <param name="Name">The column (e.g. <c>Rating</c>).</param>
/// <param name="ChineseName">The fact it holds, in Chinese (e.g. 评价); the column name when none is given.</param>
public sealed record FactColumn(string Name, string ChineseName);

/// <summary>The stored facts of a case the audit chain seals (审计链封存的办件数据): every column of every case table —
/// the case, its tasks, comments and opinions, copies and materials — except the few derived columns listed in
/// <see cref="ExcludedColumns"/>. Tables and columns are read from the EF model, so a column added later is sealed
/// without anyone listing it.</summary>
/// <remarks>Each event seals the rows its command added, changed or removed: per row a line with a digest of each
/// sealed column (see <see cref="AuditEventRecord.Facts"/>). A digest covers the table, the row's key, the column
/// and the value as stored, so the same value in another row or column digests differently.</remarks>
public static class CaseFacts
{
    /// <summary>Columns deliberately left out of the seal, with the reason: each is a cache or a marker that changes
    /// without a case command and that no decision, document or report rests on.</summary>
    public static IReadOnlyDictionary<string, string> ExcludedColumns { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ot_case.Revision"] = "并发控制版本号：每个命令递增（超期预警也递增），只用于拒绝并发的旧数据，审计链自身的序号记录了命令的先后",
        ["ot_case_task.LimitWarnedAt"] = "超期预警的去重标记：后台任务发出预警时写入，只保证每个任务只预警一次；预警本身在站内信中",
    };

    /// <summary>Case tables deliberately left out of the seal, with the reason.</summary>
    public static IReadOnlyDictionary<string, string> ExcludedTables { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ot_case_sequence"] = "办件编号的流水号计数器：不属于任何一个办件，只记录已发出的最大流水号；办件编号本身封存在 ot_case.Number 中，" +
            "篡改计数器至多导致编号重复，而编号的唯一索引会拒绝重复",
    };

    /// <summary>Digest length in bytes: 128 bits, far beyond finding another value with the same digest.</summary>
    private const int DigestBytes = 16;

    private static readonly byte[] DigestTag = "onething.fact.v1"u8.ToArray();

    private static readonly Registration[] Registered =
    [
        Registration.Of<CaseRecord>("办件", nameof(CaseRecord.Id), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Id"] = "办件ID", ["Number"] = "办件编号", ["ProcessId"] = "事项", ["ProcessName"] = "事项名称",
            ["InstanceId"] = "流程实例", ["Applicant"] = "申请人账号", ["ApplicantKind"] = "申请人类型",
            ["ApplicantName"] = "申请人名称", ["ApplicantIdNumberSealed"] = "申请人证件号码（密文）",
            ["ApplicantIdNumberHash"] = "申请人证件号码检索哈希", ["State"] = "办件状态",
            ["Outcome"] = "办理结果", ["FormDataJson"] = "申请表单数据", ["CorrectionJson"] = "一次性告知补正清单",
            ["CorrectionTaskId"] = "要求补正的环节", ["Reason"] = "理由（不予受理、不予许可、撤回）", ["CreatedAt"] = "创建时间",
            ["SubmittedAt"] = "提交时间", ["AcceptedAt"] = "受理时间", ["DecidedAt"] = "办结时间", ["DeliveredAt"] = "出件时间",
            ["Rating"] = "评价", ["RatingComment"] = "评价意见", ["RatedAt"] = "评价时间",
        }),
        Registration.Of<CaseTaskRecord>("办件任务", nameof(CaseTaskRecord.CaseId), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Id"] = "任务ID", ["CaseId"] = "所属办件", ["Kind"] = "任务类型", ["NodeId"] = "环节", ["Name"] = "环节名称",
            ["State"] = "任务状态", ["Departments"] = "办理部门", ["Assignee"] = "办理人", ["DelegatedBy"] = "委派人",
            ["ParentTaskId"] = "加签的环节", ["SignAfter"] = "后加签", ["FormKey"] = "环节表单",
            ["PendingDataJson"] = "待加签确认的表单数据", ["FormDataJson"] = "环节提交的表单数据", ["CreatedAt"] = "派发时间",
            ["DueAt"] = "办理时限", ["EndedAt"] = "结束时间", ["EndedBy"] = "结束人", ["Outcome"] = "任务结果",
            ["CreatedByCommand"] = "派发命令", ["EndedByCommand"] = "结束命令", ["UrgeCount"] = "催办次数",
            ["LastUrgedAt"] = "最近催办时间",
        }),
        Registration.Of<CaseCommentRecord>("审批意见与留言", nameof(CaseCommentRecord.CaseId), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Id"] = "意见ID", ["CaseId"] = "所属办件", ["TaskId"] = "所属任务", ["Kind"] = "意见类型", ["Author"] = "填写人",
            ["Role"] = "填写人角色", ["Text"] = "意见内容", ["At"] = "填写时间",
        }),
        Registration.Of<CaseCopyRecord>("抄送", nameof(CaseCopyRecord.CaseId), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Id"] = "抄送ID", ["CaseId"] = "所属办件", ["TaskId"] = "所属任务", ["Recipient"] = "抄送对象",
            ["CopiedBy"] = "抄送人", ["At"] = "抄送时间", ["ReadAt"] = "阅读时间",
        }),
        Registration.Of<CaseMaterialRecord>("申请材料", nameof(CaseMaterialRecord.CaseId), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Id"] = "材料ID", ["CaseId"] = "所属办件", ["Code"] = "材料名称", ["FileName"] = "文件名",
            ["ContentType"] = "文件类型", ["Size"] = "文件大小", ["Sha256"] = "内容哈希", ["Content"] = "文件内容",
            ["UploadedBy"] = "上传人", ["UploadedAt"] = "上传时间",
        }),
    ];

    private static readonly ConditionalWeakTable<IModel, IReadOnlyDictionary<Type, SealedTable>> Bound = [];

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>The sealed tables and columns as <paramref name="db"/>'s model maps them.</summary>
    public static IReadOnlyList<FactTable> Tables(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return [.. TablesOf(db.Model).Values.Select(t => t.Description)];
    }

    /// <summary>The sealed tables of a model, by entity type.</summary>
    internal static IReadOnlyDictionary<Type, SealedTable> TablesOf(IModel model) =>
        Bound.GetValue(model, static m => Registered.ToDictionary(r => r.Type, r => SealedTable.Bind(m, r)));

    /// <summary>The digest of one column's value in one row, base64url.</summary>
    internal static string Digest(string table, string rowKey, string column, object? value, CryptoProfile profile)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        buffer.Write(DigestTag);
        Text(buffer, table);
        Text(buffer, rowKey);
        Text(buffer, column);
        Value(buffer, value);
        var hash = profile.Hash(buffer.WrittenSpan);
        return Base64Url.EncodeToString(hash.AsSpan(0, DigestBytes));
    }

    internal static void Text(ArrayBufferWriter<byte> buffer, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), length);
        buffer.Advance(4);
        buffer.Advance(Encoding.UTF8.GetBytes(text, buffer.GetSpan(length)));
    }

    // A kind byte, then the value: no two values of different kinds or lengths encode alike.
    private static void Value(ArrayBufferWriter<byte> buffer, object? value)
    {
        switch (value)
        {
            case null:
                Kind(buffer, 0);
                break;
            case string text:
                Kind(buffer, 1);
                Text(buffer, text);
                break;
            case byte[] bytes:
                Kind(buffer, 2);
                BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), bytes.Length);
                buffer.Advance(4);
                buffer.Write(bytes);
                break;
            case Guid guid:
                Kind(buffer, 3);
                guid.TryWriteBytes(buffer.GetSpan(16), bigEndian: true, out _);
                buffer.Advance(16);
                break;
            case DateTimeOffset at:
                Kind(buffer, 4);
                Number(buffer, at.UtcTicks);
                break;
            case bool flag:
                Kind(buffer, 5);
                Number(buffer, flag ? 1 : 0);
                break;
            case Enum or int or long or short or byte:
                Kind(buffer, 6);
                Number(buffer, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            default:
                Kind(buffer, 7);
                Text(buffer, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                break;
        }
    }

    private static void Kind(ArrayBufferWriter<byte> buffer, byte kind)
    {
        buffer.GetSpan(1)[0] = kind;
        buffer.Advance(1);
    }

    private static void Number(ArrayBufferWriter<byte> buffer, long number)
    {
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(8), number);
        buffer.Advance(8);
    }
}

/// <summary>How one fact table is named and read.</summary>
internal sealed record Registration(Type Type, string ChineseName, string CaseKey,
    IReadOnlyDictionary<string, string> Columns, Func<DbContext, IReadOnlyCollection<Guid>, IQueryable<object>> Rows,
    Func<DbContext, IQueryable<Guid>> CaseIds)
{
    public static Registration Of<T>(string chineseName, string caseKey, IReadOnlyDictionary<string, string> columns)
        where T : class => new(typeof(T), chineseName, caseKey, columns,
        (db, cases) => db.Set<T>().AsNoTracking().Where(r => cases.Contains(EF.Property<Guid>(r, caseKey))),
        db => db.Set<T>().Select(r => EF.Property<Guid>(r, caseKey)).Distinct());
}

/// <summary>A fact table bound to a model: its sealed properties and how to find a row's key and case.</summary>
internal sealed class SealedTable
{
    private SealedTable(Registration registration, FactTable description, IProperty key, IProperty caseKey,
        IReadOnlyList<(IProperty Property, string Column)> columns)
    {
        Registration = registration;
        Description = description;
        Key = key;
        CaseKey = caseKey;
        Columns = columns;
    }

    public Registration Registration { get; }

    public FactTable Description { get; }

    public string Name => Description.Name;

    public IProperty Key { get; }

    public IProperty CaseKey { get; }

    /// <summary>The sealed properties with their column names, in ordinal order of the column names.</summary>
    public IReadOnlyList<(IProperty Property, string Column)> Columns { get; }

    public static SealedTable Bind(IModel model, Registration registration)
    {
        var entity = model.FindEntityType(registration.Type)
            ?? throw new InvalidOperationException($"模型中没有 {registration.Type.Name}");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = entity.GetProperties()
            .Select(p => (Property: p, Column: p.GetColumnName(store) ?? p.Name))
            .Where(c => !CaseFacts.ExcludedColumns.ContainsKey($"{table}.{c.Column}"))
            .OrderBy(c => c.Column, StringComparer.Ordinal)
            .ToList();
        var description = new FactTable(table, registration.ChineseName, [.. columns.Select(c => new FactColumn(c.Column,
            registration.Columns.TryGetValue(c.Property.Name, out var name) ? name : c.Column))]);
        return new SealedTable(registration, description, entity.FindPrimaryKey()!.Properties.Single(),
            entity.FindProperty(registration.CaseKey)!, columns);
    }

    /// <summary>The Chinese name of a sealed column.</summary>
    public string ChineseName(string column) =>
        Description.Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.Ordinal))?.ChineseName ?? column;

    public string KeyOf(object row) => RowKey(Key.GetGetter().GetClrValue(row));

    public Guid CaseOf(object row) => (Guid)CaseKey.GetGetter().GetClrValue(row)!;

    public static string RowKey(object? key) => key is Guid id ? id.ToString("N") : Convert.ToString(key, CultureInfo.InvariantCulture) ?? "";

    /// <summary>The digest of every sealed column of a row (or only of <paramref name="only"/>), as one seal line's
    /// column entries, digested with <paramref name="profile"/>.</summary>
    public void Seal(StringBuilder line, object row, string key, CryptoProfile profile, Func<IProperty, bool>? only = null)
    {
        foreach (var (property, column) in Columns)
        {
            if (only is null || only(property))
            {
                line.Append(' ').Append(column).Append('=')
                    .Append(CaseFacts.Digest(Name, key, column, property.GetGetter().GetClrValue(row), profile));
            }
        }
    }
}

using OneThing.Cases.Security;

namespace OneThing.Cases.Audit;

/// <summary>Replays the facts one case's chain sealed, event by event, then compares them with the rows stored now
/// and names the first fact that no longer matches.</summary>
internal sealed class FactCheck
{
    private readonly Dictionary<(string Table, string Key), SealedRow> _rows = [];

    /// <summary>Whether the chain seals facts: it began with a <see cref="AuditTrail.FormatV2"/> event, or a
    /// baseline sealed every row of a case whose chain began before facts were sealed.</summary>
    private bool _sealing;

    private int _lastSeq;

    public void Add(AuditEventRecord record)
    {
        _lastSeq = record.Seq;
        if (record.Format < AuditTrail.FormatV2)
        {
            return;
        }

        _sealing |= record.Seq == 0;
        if (record.Facts is not { } facts)
        {
            return;
        }

        foreach (var line in facts.Split('\n'))
        {
            if (line == AuditFactSeal.BaselineLine)
            {
                _rows.Clear();
                _sealing = true;
                continue;
            }

            var parts = line[1..].Split(' ');
            var id = (parts[0], parts[1]);
            if (line[0] == AuditFactSeal.Removed)
            {
                _rows.Remove(id);
                continue;
            }

            if (line[0] == AuditFactSeal.Added || !_rows.TryGetValue(id, out var row))
            {
                _rows[id] = row = new SealedRow();
            }

            row.Seq = record.Seq;
            var profile = AuditTrail.ProfileOfHash(record.Hash);
            foreach (var entry in parts.AsSpan(2))
            {
                var at = entry.IndexOf('=', StringComparison.Ordinal);
                row.Columns[entry[..at]] = (entry[(at + 1)..], record.Seq, profile);
            }
        }
    }

    /// <summary>The first mismatch between the sealed facts and <paramref name="current"/> (every stored row of the
    /// case), with how many there are in all; null when they match or the chain seals no facts yet.</summary>
    public Mismatch? Compare(IEnumerable<(SealedTable Table, object Row)> current,
        IReadOnlyDictionary<string, SealedTable> tables)
    {
        if (!_sealing)
        {
            return null;
        }

        var found = new List<Mismatch>();
        var seen = new HashSet<(string, string)>();
        foreach (var (table, row) in current)
        {
            var key = table.KeyOf(row);
            seen.Add((table.Name, key));
            if (!_rows.TryGetValue((table.Name, key), out var sealedRow))
            {
                found.Add(new(_lastSeq, table.Name,
                    $"{table.Description.ChineseName}（{table.Name}）中的行 {key} 未经审计链封存（被插入，或其主键、所属办件被改动）"));
                continue;
            }

            foreach (var (property, column) in table.Columns)
            {
                var value = property.GetGetter().GetClrValue(row);
                var fact = $"{table.Name}.{column}";
                if (sealedRow.Columns.TryGetValue(column, out var seal))
                {
                    if (!string.Equals(seal.Digest, CaseFacts.Digest(table.Name, key, column, value, seal.Profile), StringComparison.Ordinal))
                    {
                        found.Add(new(seal.Seq, fact,
                            $"{table.Description.ChineseName}的{table.ChineseName(column)}（{fact}，行 {key}）与第 {seal.Seq} 条审计记录封存的值不符（被改动）"));
                    }
                }
                else if (!IsEmpty(value))
                {
                    // A column added after the row was sealed holds nothing for it, unless someone wrote there since.
                    found.Add(new(sealedRow.Seq, fact,
                        $"{table.Description.ChineseName}的{table.ChineseName(column)}（{fact}，行 {key}）有值，但从未被审计链封存"));
                }
            }
        }

        foreach (var ((name, key), row) in _rows.Where(r => !seen.Contains(r.Key)))
        {
            var chinese = tables.TryGetValue(name, out var table) ? table.Description.ChineseName : name;
            found.Add(new(row.Seq, name,
                $"{chinese}（{name}）中第 {row.Seq} 条审计记录封存的行 {key} 已不存在（被删除，或其主键、所属办件被改动）"));
        }

        return found.Count switch
        {
            0 => null,
            1 => found[0],
            _ => found[0] with { Problem = $"{found[0].Problem}；另有 {found.Count - 1} 处不符" },
        };
    }

    private static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string text => text.Length == 0,
        bool flag => !flag,
        Enum or int or long or short or byte => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) == 0,
        Guid id => id == Guid.Empty,
        _ => false,
    };

    /// <summary>A fact that does not match, and the event that last sealed it.</summary>
    internal sealed record Mismatch(int Seq, string Fact, string Problem);

    private sealed class SealedRow
    {
        public int Seq { get; set; }

        public Dictionary<string, (string Digest, int Seq, CryptoProfile Profile)> Columns { get; } = new(StringComparer.Ordinal);
    }
}

using System.Diagnostics;

namespace OneThing.Bench.Durable;

/// <summary>The database's own commit rate: each client holds one connection (same settings as the engine's) and
/// loops BEGIN; one single-row INSERT; COMMIT. On SQLite the writers queue in process as the engine's do.</summary>
internal static class RawCommits
{
    public static PhaseResult Run(BenchDatabase database, int clients, TimeSpan warmup, TimeSpan window) =>
        Phase.Run(clients, warmup, window, (client, phase) =>
        {
            using var connection = database.OpenRaw();
            using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO {BenchDatabase.RawTable} (client, n, note) VALUES (@client, @n, @note)";
            var clientParameter = insert.CreateParameter();
            clientParameter.ParameterName = "client";
            clientParameter.Value = client;
            var n = insert.CreateParameter();
            n.ParameterName = "n";
            var note = insert.CreateParameter();
            note.ParameterName = "note";
            note.Value = "企业开办";
            insert.Parameters.Add(clientParameter);
            insert.Parameters.Add(n);
            insert.Parameters.Add(note);
            while (!phase.Stopping)
            {
                var started = Stopwatch.GetTimestamp();
                using (database.EnterWriter())
                {
                    using var transaction = connection.BeginTransaction();
                    insert.Transaction = transaction;
                    n.Value = database.NextRawKey();
                    insert.ExecuteNonQuery();
                    transaction.Commit();
                }

                phase.Took(Stopwatch.GetTimestamp() - started);
                phase.Add(Counter.Done);
            }
        });
}

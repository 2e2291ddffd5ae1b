using System.Data.Common;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OneThing.Bench.Durable;

/// <summary>Where the time of a command goes, seen from EF Core's interceptors: SQL round-trips (a DbCommand each;
/// a SaveChanges batch is one), the time spent waiting in them, opening the connection, BEGIN and COMMIT; the rest
/// is the engine and EF Core on the client's CPU. One client at a time: the accumulator is per thread.</summary>
internal sealed class Profiler : IDbCommandInterceptor, IDbTransactionInterceptor, IDbConnectionInterceptor, ISaveChangesInterceptor,
    IDisposable
{
    // The engine's own statements (instance load, row batch) go around EF Core; its meter reports them.
    private const string PersistenceMeter = "OneThing.Engine.Persistence";
    private readonly MeterListener _listener = new();

    [ThreadStatic]
    private static Stats? t_current;

    [ThreadStatic]
    private static long t_started;

    private readonly Dictionary<string, Stats> _byKind = new(StringComparer.Ordinal);

    public Profiler()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PersistenceMeter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, milliseconds, tags, _) =>
        {
            if (t_current is not { } s)
            {
                return;
            }

            var ticks = (long)(milliseconds * Stopwatch.Frequency / 1000);
            string? operation = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "operation")
                {
                    operation = tag.Value as string;
                }
            }

            // A SQLite group's COMMIT (one per group, timed by the thread that wrote the group) counts as COMMIT;
            // a PostgreSQL batch that commits as it ends counts as one write round-trip.
            if (operation == "commit")
            {
                s.Commit += ticks;
                return;
            }

            s.Sql += ticks;
            s.Commands++;
            if (operation == "load")
            {
                s.Reading += ticks;
                s.Queries++;
            }
            else
            {
                s.Batches++;
            }
        });
        _listener.SetMeasurementEventCallback<long>((_, rows, _, _) =>
        {
            if (t_current is { } s)
            {
                s.Rows += rows;
            }
        });
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>Forgets what was measured so far (after a warm-up).</summary>
    public void Reset() => _byKind.Clear();

    /// <summary>Times one command (or read) of a kind.</summary>
    public T Measure<T>(string kind, Func<T> action)
    {
        if (!_byKind.TryGetValue(kind, out var stats))
        {
            _byKind[kind] = stats = new Stats();
        }

        t_current = stats;
        var started = Stopwatch.GetTimestamp();
        try
        {
            return action();
        }
        finally
        {
            stats.Wall += Stopwatch.GetTimestamp() - started;
            stats.Count++;
            t_current = null;
        }
    }

    public string Report()
    {
        var text = new StringBuilder();
        foreach (var (kind, s) in _byKind)
        {
            double Us(long ticks) => ticks * 1e6 / Stopwatch.Frequency / s.Count;
            double Per(long n) => (double)n / s.Count;
            var waited = s.Sql + s.Commit + s.Begin + s.Open;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"profile {kind,-8}: {Us(s.Wall),6:F0} µs/command = SQL {Us(s.Sql):F0} µs (reads {Us(s.Reading):F0} µs) in {Per(s.Commands):F2} round-trips " +
                $"({Per(s.Queries):F2} reads, {Per(s.Batches):F2} writes of {(s.Batches == 0 ? 0 : (double)s.Rows / s.Batches):F1} rows each)" +
                $" + COMMIT {Us(s.Commit):F0} µs + BEGIN {Us(s.Begin):F0} µs + open {Us(s.Open):F0} µs" +
                $" + engine and EF Core on the CPU {Us(s.Wall - waited):F0} µs (SaveChanges outside its SQL {Us(s.Save - s.SaveSql):F0} µs)");
        }

        return text.ToString().TrimEnd();
    }

    private static void Begin() => t_started = Stopwatch.GetTimestamp();

    private static long Elapsed() => Stopwatch.GetTimestamp() - t_started;

    // Commands.
    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result)
    {
        Begin();
        return result;
    }

    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Executed(isQuery: !IsSaving);
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Begin();
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Executed(isQuery: false);
        return result;
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Begin();
        return result;
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Executed(isQuery: !IsSaving);
        return result;
    }

    [ThreadStatic]
    private static long t_saveStarted;

    [ThreadStatic]
    private static long t_saveSqlBefore;

    private static bool IsSaving => t_saveStarted != 0;

    private static void Executed(bool isQuery)
    {
        if (t_current is not { } s)
        {
            return;
        }

        var elapsed = Elapsed();
        s.Sql += elapsed;
        s.Commands++;
        if (isQuery)
        {
            s.Queries++;
        }
        else
        {
            s.Batches++;
        }
    }

    // SaveChanges.
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        t_saveStarted = Stopwatch.GetTimestamp();
        t_saveSqlBefore = t_current?.Sql ?? 0;
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (t_current is { } s)
        {
            s.Save += Stopwatch.GetTimestamp() - t_saveStarted;
            s.SaveSql += s.Sql - t_saveSqlBefore;
            s.Rows += result;
        }

        t_saveStarted = 0;
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => t_saveStarted = 0;

    // Transactions.
    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        Begin();
        return result;
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        if (t_current is { } s)
        {
            s.Begin += Elapsed();
        }

        return result;
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result)
    {
        Begin();
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (t_current is { } s)
        {
            s.Commit += Elapsed();
        }
    }

    // Connections.
    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Begin();
        return result;
    }

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (t_current is { } s)
        {
            s.Open += Elapsed();
        }
    }

    private sealed class Stats
    {
        public long Count;
        public long Wall;
        public long Sql;
        public long Reading;
        public long Commands;
        public long Queries;
        public long Batches;
        public long Rows;
        public long Commit;
        public long Begin;
        public long Open;
        public long Save;
        public long SaveSql;
    }
}

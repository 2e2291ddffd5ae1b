using System.Data.Common;
using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace OneThing.Engine.Persistence;

/// <summary>Commits the writes of optimistic commands on one SQLite file in groups. Every commit of a WAL file in
/// FULL mode is an fsync, and the file has one writer at a time; so while one thread writes and commits, the
/// commands that finish meanwhile queue their writes, and the next thread to write takes them all into one
/// transaction: one fsync for the group.</summary>
/// <remarks>Each command's writes run in a savepoint of their own. A command whose guarded row changed (or whose
/// writes fail otherwise) is rolled back to its savepoint, alone; the others commit. No command returns before the
/// transaction holding its writes has committed, and a failed commit fails every command of the group, none of
/// which has returned yet. The group's transaction holds the file's writer gate, so it queues with the locking
/// commands like any other writer. Groups are written on a connection of their own (<see cref="SqliteGroupWriter"/>),
/// kept open while commands come and closed after two idle seconds.</remarks>
internal sealed class SqliteGroupCommit(SemaphoreSlim gate, TimeSpan maxWait)
{
    // One transaction holds at most this many commands, so a long queue cannot hold the writer gate for long.
    private const int MaxGroup = 64;
    private static readonly TimeSpan IdleClose = TimeSpan.FromSeconds(2);
    private readonly object _sync = new();
    private List<Pending> _queue = [];
    private bool _writing;
    private SqliteGroupWriter? _writer;
    private Timer? _idle;
    private long _lastWrite;

    /// <summary>Writes the rows in the next group; true once committed, false if a guarded row had changed
    /// (nothing of this command was written).</summary>
    public bool Commit(DbConnection connection, List<RowWrite> writes)
    {
        var mine = new Pending(writes);
        List<Pending> group;
        lock (_sync)
        {
            _queue.Add(mine);
            // Written is not final: the group holding the writes has not committed yet.
            while (_writing && !mine.IsFinal)
            {
                Monitor.Wait(_sync);
            }

            if (mine.IsFinal)
            {
                return mine.Result();
            }

            _writing = true;
            group = _queue;
            _queue = [];
        }

        try
        {
            Write(connection, group);
        }
        finally
        {
            lock (_sync)
            {
                foreach (var pending in group)
                {
                    if (!pending.IsFinal)
                    {
                        pending.Fail(new InvalidOperationException("the group commit ended without an outcome"));
                    }
                }

                _writing = false;
                Monitor.PulseAll(_sync);
            }
        }

        return mine.Result();
    }

    private void Write(DbConnection connection, List<Pending> group)
    {
        if (!gate.Wait(maxWait))
        {
            var timeout = new TimeoutException("等待数据库写入超时（SQLite 同一时间只允许一个写事务）");
            group.ForEach(p => p.Fail(timeout));
            return;
        }

        try
        {
            var writer = Writer(connection);
            using var transaction = writer.Begin();
            for (var next = 0; next < group.Count || JoinLate(group); next++)
            {
                var pending = group[next];
                writer.Execute("SAVEPOINT command", transaction);
                try
                {
                    RowSql.Execute(writer, transaction, pending.Writes);
                    pending.Outcome = Outcome.Written;
                }
                catch (ConcurrencyConflictException)
                {
                    pending.Outcome = Outcome.Conflict;
                }
                catch (DbException ex) when (RowSql.IsConflict(ex))
                {
                    pending.Outcome = Outcome.Conflict;
                }
#pragma warning disable CA1031 // Whatever failed is that command's failure, reported to it; the others go on.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    pending.Fail(ex);
                }

                if (pending.Outcome != Outcome.Written)
                {
                    writer.Execute("ROLLBACK TO command", transaction);
                }

                writer.Execute("RELEASE command", transaction);
            }

            var started = Stopwatch.GetTimestamp();
            transaction.Commit();
            RowSql.Measured(started, "commit");
            foreach (var pending in group)
            {
                if (pending.Outcome == Outcome.Written)
                {
                    pending.Outcome = Outcome.Committed;
                }
            }
        }
#pragma warning disable CA1031 // BEGIN or COMMIT failed: no command of the group was written; each is told why.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var pending in group)
            {
                if (pending.Outcome is Outcome.Pending or Outcome.Written)
                {
                    pending.Fail(ex);
                }
            }

            // The next group starts on a fresh connection.
            CloseWriter();
        }
        finally
        {
            _lastWrite = Environment.TickCount64;
            gate.Release();
        }
    }

    // The file's writer connection, opened for the first group after an idle spell; closed again once no group has
    // come for IdleClose (checked by a timer that runs only while the connection is open).
    private SqliteGroupWriter Writer(DbConnection like)
    {
        if (_writer is null)
        {
            _writer = new SqliteGroupWriter(like);
            _idle = new Timer(static state => ((SqliteGroupCommit)state!).CloseIfIdle(), this, IdleClose, IdleClose);
        }

        return _writer;
    }

    private void CloseIfIdle()
    {
        lock (_sync)
        {
            if (!_writing && _writer is not null && Environment.TickCount64 - _lastWrite >= IdleClose.TotalMilliseconds)
            {
                CloseWriter();
            }
        }
    }

    // Called by the thread that writes (or, idle, under _sync with no one writing).
    private void CloseWriter()
    {
        _idle?.Dispose();
        _idle = null;
        _writer?.Dispose();
        _writer = null;
    }

    // Commands that queued while the group's writes ran join the group before it commits: they would otherwise
    // wait for this commit and then need one of their own.
    private bool JoinLate(List<Pending> group)
    {
        lock (_sync)
        {
            if (_queue.Count == 0 || group.Count >= MaxGroup)
            {
                return false;
            }

            var room = Math.Min(_queue.Count, MaxGroup - group.Count);
            group.AddRange(_queue.GetRange(0, room));
            _queue.RemoveRange(0, room);
            return true;
        }
    }

    private enum Outcome
    {
        Pending,
        Written,
        Committed,
        Conflict,
        Failed,
    }

    private sealed class Pending(List<RowWrite> writes)
    {
        private Exception? _error;

        public List<RowWrite> Writes => writes;

        public Outcome Outcome { get; set; }

        public bool IsFinal => Outcome is Outcome.Committed or Outcome.Conflict or Outcome.Failed;

        public void Fail(Exception error)
        {
            _error = error;
            Outcome = Outcome.Failed;
        }

        public bool Result()
        {
            if (Outcome == Outcome.Failed)
            {
                ExceptionDispatchInfo.Throw(_error!);
            }

            return Outcome == Outcome.Committed;
        }
    }
}

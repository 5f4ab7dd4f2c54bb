using System.Diagnostics;
using System.Management.Automation;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>
/// Progress for bulk work: throttled to a few updates a second, always closed with a
/// Completed record (ps-module-anchors §4: bars left on screen are a common complaint), and
/// silent under $ProgressPreference = 'SilentlyContinue' as WriteProgress is.
/// </summary>
internal sealed class BulkProgress
{
    private readonly Cmdlet _cmdlet;
    private readonly ProgressRecord _record;
    private readonly int _total;
    private readonly string _status;
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private bool _shown;

    public BulkProgress(Cmdlet cmdlet, int activityId, string activity, string status, int total)
    {
        _cmdlet = cmdlet;
        _total = total;
        _status = status;
        _record = new ProgressRecord(activityId, activity, status);
    }

    /// <summary>Reports <paramref name="done"/> items finished (called from the engine, on the pipeline thread).</summary>
    public void Report(int done)
    {
        if (_total <= 0 || (_shown && _sinceLast.ElapsedMilliseconds < 250 && done < _total))
        {
            return;
        }
        _record.PercentComplete = (int)(100L * done / _total);
        _record.StatusDescription = $"{_status}: {done:N0} of {_total:N0}";
        _cmdlet.WriteProgress(_record);
        _shown = true;
        _sinceLast.Restart();
    }

    public void Complete()
    {
        if (!_shown)
        {
            return;
        }
        _record.RecordType = ProgressRecordType.Completed;
        _cmdlet.WriteProgress(_record);
    }
}

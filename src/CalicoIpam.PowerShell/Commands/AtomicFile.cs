using System;
using System.IO;
using System.Text;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Writes a file so that readers see the old content or the new one, never half of it
/// (Export-Manifest, Export-Cluster).</summary>
internal static class AtomicFile
{
    /// <summary>A temporary file next to <paramref name="path"/> (so the rename stays on one
    /// volume), flushed to disk, then renamed to it; the temporary file never stays behind.</summary>
    public static void Write(string path, string text, bool overwrite)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The folder '{folder}' does not exist.");
        }
        var temporary = Path.Combine(folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}

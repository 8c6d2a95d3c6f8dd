namespace Asd.Workflow.Core.Contracts;

/// <summary>
/// What a stat of a data-set file says about it: device, inode, size, and mtime and ctime in nanoseconds since
/// the Unix epoch. Equal identities mean unchanged bytes unless the file was rewritten within one timestamp
/// tick of being recorded (a "racy" entry, which is never trusted). ctime cannot be set by a user, so a
/// replacement that restores the mtime (<c>cp -p</c>, <c>rsync -t</c>) still changes the identity, and so does
/// an <c>mv</c> swap of two files (inodes). Where the platform does not expose inode and ctime,
/// <see cref="IsComplete"/> is false and the identity proves nothing.
/// </summary>
public readonly record struct FileIdentity(long Device, long Inode, long Size, long MtimeNs, long CtimeNs)
{
    /// <summary>False for the managed fallback (no inode, no ctime): such a file is always re-read.</summary>
    public bool IsComplete => Inode != 0 && CtimeNs != 0;
}

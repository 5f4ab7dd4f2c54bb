using System;

namespace CalicoIpam.Core.Selectors;

/// <summary>
/// A selector that Calico would reject. <see cref="Exception.Message"/> is exactly the text of
/// the error Calico v3.29's selector parser returns, because IPPool validation surfaces it.
/// </summary>
public sealed class SelectorParseException : FormatException
{
    public SelectorParseException(string message)
        : base(message)
    {
    }
}

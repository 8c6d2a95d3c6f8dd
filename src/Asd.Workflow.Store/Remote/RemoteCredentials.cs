using System.Net.Http.Headers;
using System.Text;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Store.Remote;

/// <summary>
/// The one header a request to the team cache carries, resolved once from where <see cref="RemoteCacheSettings"/>
/// says it is: an environment variable holding a whole header, one holding <c>user:password</c>, or a
/// netrc-style file (the <c>machine</c> entry for the cache's host, else <c>default</c>). The value is kept
/// only here and never formatted into a message (<see cref="ToString"/> says where it came from, not what it is).
/// </summary>
internal sealed class RemoteCredentials
{
    private readonly string? _name;
    private readonly string? _value;

    private RemoteCredentials(string? name, string? value, string source)
    {
        _name = name;
        _value = value;
        Source = source;
    }

    /// <summary>Where the credentials came from ("none", "$VAR", "netrc FILE"), safe to print.</summary>
    public string Source { get; }

    public static RemoteCredentials Resolve(RemoteCacheSettings settings)
    {
        if (settings.HeaderVariable is { } headerVar)
        {
            var text = Environment.GetEnvironmentVariable(headerVar) ?? "";
            var colon = text.IndexOf(':');
            if (colon <= 0 || colon == text.Length - 1)
                throw AsdException.BadInput($"--remote-cache-header-env {headerVar}: the variable must hold one header, 'Name: value' (e.g. 'Authorization: Bearer …')");
            return new RemoteCredentials(text[..colon].Trim(), text[(colon + 1)..].Trim(), $"${headerVar}");
        }
        if (settings.BasicAuthVariable is { } basicVar)
        {
            var text = Environment.GetEnvironmentVariable(basicVar) ?? "";
            if (!text.Contains(':'))
                throw AsdException.BadInput($"--remote-cache-basic-env {basicVar}: the variable must hold 'user:password'");
            return Basic(text, $"${basicVar}");
        }
        if (settings.NetrcFile is { } netrc)
        {
            var entry = Netrc.Find(File.ReadAllText(netrc), settings.Url.Host)
                ?? throw AsdException.BadInput($"--remote-cache-netrc {netrc}: no 'machine {settings.Url.Host}' or 'default' entry with login and password");
            return Basic($"{entry.Login}:{entry.Password}", $"netrc {netrc}");
        }
        return new RemoteCredentials(null, null, "none");
    }

    private static RemoteCredentials Basic(string userColonPassword, string source) =>
        new("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userColonPassword)), source);

    /// <summary>Adds the header to a request (each request: the client's default headers stay empty).</summary>
    public void Apply(HttpRequestHeaders headers)
    {
        if (_name is not null) headers.TryAddWithoutValidation(_name, _value);
    }

    public override string ToString() => $"credentials from {Source}";
}

/// <summary>The netrc format as curl and Bazel read it: whitespace-separated tokens, <c>machine</c>/<c>default</c> entries.</summary>
internal static class Netrc
{
    public sealed record Entry(string Login, string Password);

    public static Entry? Find(string text, string host)
    {
        var tokens = Tokens(text).ToList();
        Entry? fallback = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] is not ("machine" or "default")) continue;
            var isDefault = tokens[i] == "default";
            var machine = isDefault ? null : i + 1 < tokens.Count ? tokens[++i] : null;
            string? login = null, password = null;
            while (i + 1 < tokens.Count && tokens[i + 1] is not ("machine" or "default"))
            {
                var key = tokens[++i];
                var value = i + 1 < tokens.Count ? tokens[++i] : null;
                if (key == "login") login = value;
                else if (key == "password") password = value;
                else if (key == "macdef") break; // a macro definition runs to a blank line; credentials never follow it
            }
            if (login is null || password is null) continue;
            if (isDefault) fallback ??= new Entry(login, password);
            else if (string.Equals(machine, host, StringComparison.OrdinalIgnoreCase)) return new Entry(login, password);
        }
        return fallback;
    }

    private static IEnumerable<string> Tokens(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var content = line.TrimStart().StartsWith('#') ? "" : line;
            foreach (var token in content.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries)) yield return token;
        }
    }
}

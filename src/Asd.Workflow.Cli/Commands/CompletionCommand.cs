using System.CommandLine;

namespace Asd.Workflow.Cli.Commands;

/// <summary>
/// <c>asd completion bash|zsh|fish</c>: a shell script that asks asd itself for completions through
/// System.CommandLine's <c>[suggest:POSITION]</c> directive, so completions always match this build's commands.
/// </summary>
internal static class CompletionCommand
{
    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var command = new Command("completion", "Print a shell completion script\n\nExample: source <(asd completion bash)") { shell };
        command.SetAction(result =>
        {
            Console.Write(Script(result.GetValue(shell)!));
            return 0;
        });
        return command;
    }

    // Each script passes the line without its first word (asd, ./asd or a path) and the cursor position in it; the
    // directive also lists words that merely contain the typed text, so bash keeps those that start with it (zsh and fish do so themselves).
    public static string Script(string shell) => shell switch
    {
        "bash" => """
            # asd completion for bash: source <(asd completion bash)
            _asd_complete() {
              local line="${COMP_LINE:0:COMP_POINT}"
              local rest="${line#"${COMP_WORDS[0]}"}"
              rest="${rest# }"
              local IFS=$'\n'
              COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${#rest}]" "$rest" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
            }
            complete -o default -F _asd_complete asd ./asd

            """,
        "zsh" => """
            # asd completion for zsh: source <(asd completion zsh)
            _asd_complete() {
              local line="${BUFFER[1,CURSOR]}"
              local rest="${line#${words[1]}}"
              rest="${rest# }"
              local -a completions
              completions=("${(@f)$(${words[1]} "[suggest:${#rest}]" "$rest" 2>/dev/null)}")
              compadd -a completions
            }
            compdef _asd_complete asd ./asd

            """,
        _ => """
            # asd completion for fish: asd completion fish | source
            function __asd_complete
              set -l tokens (commandline -opc)
              set -l line (commandline -cp)
              set -l rest (string replace -r '^\S+\s*' '' -- $line)
              $tokens[1] "[suggest:"(string length -- "$rest")"]" "$rest" 2>/dev/null
            end
            complete -c asd -f -a '(__asd_complete)'
            complete -c ./asd -f -a '(__asd_complete)'

            """,
    };
}

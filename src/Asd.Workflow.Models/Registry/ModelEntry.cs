namespace Asd.Workflow.Models.Registry;

/// <summary>
/// One registered ONNX encoder. <see cref="Input"/> is "waveform" ([batch, samples] float32 at
/// <see cref="SampleRate"/>) or "fbank" (the model takes [batch, frames, n_mels] log-mel features made by the
/// built-in front end with <see cref="NMels"/>, <see cref="NFft"/>, <see cref="Hop"/>). Clips longer than
/// <see cref="MaxSeconds"/> are cut into windows of <see cref="WindowSeconds"/> every <see cref="HopSeconds"/>
/// and the window embeddings averaged. The output tensor is [batch, dims] or [batch, tokens, dims];
/// <see cref="Pooling"/> reduces tokens: mean, mean_std, cls (token 0) or none (output already pooled).
/// </summary>
public sealed record ModelEntry
{
    public string Name { get; init; } = "";
    public string Path { get; init; } = "";
    public string Sha256 { get; init; } = "";
    public string Source { get; init; } = "";
    public string Licence { get; init; } = "";
    public string Input { get; init; } = "waveform";
    public string InputName { get; init; } = "waveform";
    public string OutputName { get; init; } = "embedding";
    public int SampleRate { get; init; } = 16000;
    public string View { get; init; } = "near";
    public double MaxSeconds { get; init; } = 10;
    public double WindowSeconds { get; init; } = 10;
    public double HopSeconds { get; init; } = 10;
    public string Pooling { get; init; } = "none";
    public int NMels { get; init; } = 128;
    public int NFft { get; init; } = 1024;
    public int Hop { get; init; } = 512;
}

/// <summary>The registry file: <c>models:</c> a list of entries; paths are relative to the file.</summary>
public sealed record ModelRegistryFile
{
    public List<ModelEntry> Models { get; init; } = [];
}

namespace Asd.Workflow.Audio.Synth;

/// <summary>
/// Toy machine sounds, each a small physical caricature: a fan (blade-pass harmonics with broadband flow
/// noise), a gearbox (mesh harmonics with shaft-rate sidebands), a bearing (resonance bursts at the ball-pass
/// rate), a slider (back-and-forth sweeps), a pump (low harmonics with flow noise), a valve (open/close clicks)
/// and a compressor (piston knocks ringing a resonance). The target domain shifts the operating speed and
/// the background; each machine has several anomaly kinds, some subtle.
/// </summary>
public static class MachineModels
{
    public static readonly string[] Names = ["fan", "gearbox", "bearing", "slider", "pump", "valve", "compressor"];

    /// <summary>Per-clip conditions: speed factor (domain shift) and anomaly kind (0 = normal).</summary>
    public sealed record Condition(double Speed, int Anomaly, double Severity);

    public static float[] Render(int machine, Condition c, int samples, int rate, Random rng)
    {
        var x = new double[samples];
        var f0 = (60 + 25 * machine) * c.Speed * (1 + 0.01 * Gauss(rng));
        var phase = rng.NextDouble() * 2 * Math.PI;
        switch (Names[machine])
        {
            case "fan":
                Harmonics(x, f0, [1.0, 0.5, 0.3, 0.15], phase, rate);
                Noise(x, rng, 0.25, 0.6);
                if (c.Anomaly == 1) AmplitudeModulation(x, f0 / 4, 0.5 * c.Severity, rate);      // imbalance
                if (c.Anomaly == 2) Harmonics(x, f0 * 3.5, [0.3 * c.Severity], phase, rate);       // blade rub
                break;
            case "gearbox":
                Harmonics(x, f0 * 8, [0.8, 0.4, 0.2], phase, rate);
                Harmonics(x, f0 * 8 + f0, [0.15], phase, rate); Harmonics(x, f0 * 8 - f0, [0.15], phase, rate);
                Noise(x, rng, 0.1, 0.3);
                if (c.Anomaly == 1) Impulses(x, f0, 0.9 * c.Severity, 0.995, rate, rng);            // broken tooth
                if (c.Anomaly == 2) Harmonics(x, f0 * 8 + 2 * f0, [0.5 * c.Severity], phase, rate); // wear sidebands
                break;
            case "bearing":
                Noise(x, rng, 0.3, 0.2);
                Impulses(x, f0 * 0.4, 0.3, 0.98, rate, rng);
                if (c.Anomaly == 1) Impulses(x, f0 * 1.7, 0.7 * c.Severity, 0.97, rate, rng);       // outer-race defect
                if (c.Anomaly == 2) Noise(x, rng, 0.3 * c.Severity, 0.9);                          // dry lubrication hiss
                break;
            case "slider":
                Sweep(x, 200 * c.Speed, 600 * c.Speed, 1.0 / c.Speed, 0.6, rate);
                Noise(x, rng, 0.1, 0.5);
                if (c.Anomaly == 1) Impulses(x, 9, 0.8 * c.Severity, 0.9, rate, rng);               // stick-slip
                if (c.Anomaly == 2) AmplitudeModulation(x, 3.3, 0.6 * c.Severity, rate);           // uneven rail
                break;
            case "pump":
                Harmonics(x, f0 / 2, [1.0, 0.6, 0.2], phase, rate);
                Noise(x, rng, 0.35, 0.4);
                if (c.Anomaly == 1) Bursts(x, 0.4 * c.Severity, 6, rate, rng);                        // cavitation
                if (c.Anomaly == 2) Harmonics(x, f0 / 2 * 1.02, [0.4 * c.Severity], phase, rate);    // beat from misalignment
                break;
            case "valve":
                Impulses(x, 2.0 * c.Speed, 0.9, 0.99, rate, rng);
                Noise(x, rng, 0.08, 0.3);
                if (c.Anomaly == 1) Noise(x, rng, 0.25 * c.Severity, 0.95);                        // leak hiss
                if (c.Anomaly == 2) Impulses(x, 5.3, 0.5 * c.Severity, 0.99, rate, rng);            // chatter
                break;
            default: // compressor
                Impulses(x, f0 / 4, 0.7, 0.997, rate, rng);
                Harmonics(x, f0, [0.3, 0.1], phase, rate);
                Noise(x, rng, 0.15, 0.5);
                if (c.Anomaly == 1) Impulses(x, f0 / 8, 0.8 * c.Severity, 0.999, rate, rng);        // knock
                if (c.Anomaly == 2) AmplitudeModulation(x, f0 / 40, 0.4 * c.Severity, rate);       // valve flutter
                break;
        }
        var peak = x.Max(Math.Abs);
        var scale = peak > 0 ? 0.5 / peak : 0;
        return x.Select(v => (float)(v * scale)).ToArray();
    }

    public static double Gauss(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static void Harmonics(double[] x, double f, double[] amps, double phase, int rate)
    {
        for (var h = 0; h < amps.Length; h++)
        {
            var w = 2 * Math.PI * f * (h + 1) / rate;
            if (w >= Math.PI) break;
            for (var n = 0; n < x.Length; n++) x[n] += amps[h] * Math.Sin(w * n + phase * (h + 1));
        }
    }

    /// <summary>White noise through a one-pole low-pass; colour in [0, 1): higher is darker.</summary>
    public static void Noise(double[] x, Random rng, double level, double colour)
    {
        double y = 0;
        for (var n = 0; n < x.Length; n++)
        {
            y = colour * y + (1 - colour) * Gauss(rng);
            x[n] += level * y / Math.Max(0.2, 1 - colour);
        }
    }

    private static void AmplitudeModulation(double[] x, double f, double depth, int rate)
    {
        for (var n = 0; n < x.Length; n++) x[n] *= 1 + depth * Math.Sin(2 * Math.PI * f * n / rate);
    }

    /// <summary>Periodic impulses ringing a resonance (decay per sample), with 2 % timing jitter.</summary>
    private static void Impulses(double[] x, double rateHz, double amp, double decay, int rate, Random rng)
    {
        var period = rate / Math.Max(0.5, rateHz);
        var resonance = 2 * Math.PI * (1500 + 1000 * rng.NextDouble()) / rate;
        for (var t = rng.NextDouble() * period; t < x.Length; t += period * (1 + 0.02 * Gauss(rng)))
        {
            var a = amp;
            for (var n = (int)t; n < x.Length && a > 1e-3; n++, a *= decay) x[n] += a * Math.Sin(resonance * (n - (int)t));
        }
    }

    private static void Sweep(double[] x, double f1, double f2, double periodSeconds, double amp, int rate)
    {
        double phase = 0;
        for (var n = 0; n < x.Length; n++)
        {
            var u = (n / (double)rate / periodSeconds) % 1.0;
            var f = f1 + (f2 - f1) * (u < 0.5 ? 2 * u : 2 - 2 * u);
            phase += 2 * Math.PI * f / rate;
            x[n] += amp * Math.Sin(phase);
        }
    }

    private static void Bursts(double[] x, double amp, int count, int rate, Random rng)
    {
        for (var b = 0; b < count; b++)
        {
            var start = rng.Next(Math.Max(1, x.Length - rate / 10));
            var length = Math.Min(rate / 10, x.Length - start);
            for (var n = 0; n < length; n++) x[start + n] += amp * Gauss(rng) * Math.Sin(Math.PI * n / length);
        }
    }
}

using Asd.Workflow.Audio.Activities.Decode;
using Asd.Workflow.Audio.Activities.Embed;
using Asd.Workflow.Audio.Encoders;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Evaluation.Activities.Evaluate;
using Asd.Workflow.Evaluation.Activities.Package;
using Asd.Workflow.Scoring.Activities.Calibrate;
using Asd.Workflow.Scoring.Activities.Fuse;
using Asd.Workflow.Scoring.Activities.Guard;
using Asd.Workflow.Scoring.Activities.Reliability;
using Asd.Workflow.Scoring.Activities.Score;

namespace Asd.Workflow.Cli.Composition;

/// <summary>The composition root of activities: the nine kinds with their services.</summary>
public static class ActivityCatalog
{
    public static ActivityRegistry Create(IEncoderProvider encoders) => new(
    [
        new DecodeActivity(),
        new EmbedActivity(encoders),
        new ScoreActivity(),
        new CalibrateActivity(),
        new GuardActivity(),
        new ReliabilityActivity(),
        new FuseActivity(),
        new EvaluateActivity(),
        new PackageActivity(),
    ]);
}

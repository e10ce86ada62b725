using Stampede.Model.Api;

namespace Stampede.Campaigns.Classification;

/// <summary>The API functions a finding's key names (<c>not-linearizable:ctime</c>, <c>deadlock:ledger_balance∥ledger_post</c>):
/// what <c>classify</c> checks a failure against the experiment that showed it with.</summary>
public static class KeyNames
{
    static readonly char[] Separators = [':', '∥', '<', ',', ' ', '(', ')'];

    public static IEnumerable<string> Functions(CampaignFinding failure, ApiModel model) =>
        failure.Signature.Split(Separators, StringSplitOptions.RemoveEmptyEntries).Where(token => model.Function(token) is not null).Distinct();
}

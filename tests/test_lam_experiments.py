"""The LAM-MSC experiment notebooks end to end through tadib-reproduce, shortened with --set: channel estimation
first, then the semantic codec, which picks up the CGAN estimator the first one saved."""
import pandas as pd

from cli import reproduce_quick


def test_channel_estimation_then_codec(tmp_path):
    run = reproduce_quick('--only', 'lam_channel_estimation', '--set', 'cgan_steps=20', 'test_frames=40',
                          'snrs_db=[0, 15, 30]', out=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    out = tmp_path / 'lam_channel_estimation'
    for name in ('nmse_vs_snr.png', 'nmse_vs_snr.md', 'cgan.pt', 'cgan_training.png', 'summary.md'):
        assert (out / name).stat().st_size > 0, name
    nmse = pd.read_csv(out / 'nmse_vs_snr.csv', index_col='snr_db')
    assert list(nmse.index) == [0, 15, 30]
    assert (nmse.LMMSE < nmse.LS - 3).all(), nmse          # the true statistics are worth several dB
    assert (nmse.LMMSE - nmse.LMMSE_predicted).abs().max() < 1.0, nmse
    share = pd.read_csv(out / 'equalisation.csv').pivot(index='snr_db', columns='csi', values='multiplicative_share_zf')
    assert (share.perfect.abs() < 1e-6).all() and (share.LS > 0.05).all(), share

    run = reproduce_quick('--only', 'lam_semantic_codec', '--set', 'steps=30', 'test_sentences=30', 'snrs_db=[0, 20]',
                          "csi_kinds=['perfect', 'cgan']", 'd_model=32', 'ff=64', 'layers=1', out=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    out = tmp_path / 'lam_semantic_codec'
    assert 'CGAN estimator from' in (out / 'lam_semantic_codec.ipynb').read_text()
    results = pd.read_csv(out / 'codec_vs_snr.csv')
    assert list(results.link.unique()) == ['AWGN', 'rayleigh/perfect', 'rayleigh/cgan', 'ceiling: vocabulary']
    assert results.share_above_06.between(0, 1).all() and results.bleu1.between(0, 1).all()
    assert len(results) == 8
    ceiling = results[results.link == 'ceiling: vocabulary']
    assert (ceiling.bleu1 < 1).all() and (ceiling.bleu1 >= results.bleu1.max()).all()   # scored against the sentences as written
    bits = pd.read_csv(out / 'bits.csv', index_col='snr_db')
    assert (bits.sent_bits_float32 == 2 * 32 * bits.channel_uses).all()      # two float32 per complex symbol
    assert abs(bits.capacity_bits[0] - bits.channel_uses[0]) < 1e-6            # one bit per channel use at 0 dB
    assert bits.capacity_bits[20] > 6 * bits.channel_uses[20]
    assert (out / 'codec_vs_snr.png').stat().st_size > 0 and (out / 'bits.md').stat().st_size > 0

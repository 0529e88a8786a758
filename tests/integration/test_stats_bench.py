"""The ``stats`` benchmark runs end to end on a small database and records its figures (timing
goals are checked by ``python -m bench stats`` on 1,000,000 visits, not here)."""

import json

from bench.__main__ import main


def test_the_stats_benchmark_runs_small_and_writes_its_records(tmp_path, capsys):
    cache = tmp_path / "cache"
    argv = ["stats", "--visits", "3000", "--runs", "1", "--cache", str(cache)]
    assert main([*argv, "--results-dir", str(tmp_path)]) == 0

    records = {r["metric"]: r for r in json.loads((tmp_path / "stats.json").read_text("utf-8"))}
    seconds = records["stats_year_3k_s"]
    assert seconds["goal"] == 0.5 and seconds["value"] > 0 and seconds["baseline"] > 0
    assert records["stats_year_3k_ratio_vs_raw"]["goal"] == 1.2
    assert records["stats_year_3k_raw_sql_s"]["value"] == seconds["baseline"]
    assert 0 < records["stats_year_3k_visits_in_period"]["value"] < 3000
    assert "  3,000 demo visits (" in capsys.readouterr().out
    # The demo database is kept and reused by the next run, not built again.
    assert main([*argv, "--results-dir", str(tmp_path)]) == 0
    assert "  3,000 demo visits (" not in capsys.readouterr().out

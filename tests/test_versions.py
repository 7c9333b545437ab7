"""training.versions: a trainer never replaces a version directory without --force."""
from training.versions import refuse_to_overwrite


def test_a_new_or_empty_directory_is_free(tmp_path, capsys):
    assert refuse_to_overwrite(tmp_path / "model-v1", force=False) is False
    (tmp_path / "empty-v1").mkdir()
    assert refuse_to_overwrite(tmp_path / "empty-v1", force=False) is False
    assert capsys.readouterr().err == ""


def test_a_directory_holding_a_version_is_refused_unless_forced(tmp_path, capsys):
    out = tmp_path / "model-v1"
    out.mkdir()
    (out / "model_card.json").write_text("{}")
    assert refuse_to_overwrite(out, force=False) is True
    err = capsys.readouterr().err
    assert str(out) in err and "--force" in err and "never overwritten" in err
    assert refuse_to_overwrite(out, force=True) is False

from tests.elearning.conftest import learner, module, ready  # noqa: F401 - shared fixtures

"""`tf.train.SessionManager`: a local session restored from a checkpoint, or initialized,
then checked ready — what monitored sessions and the `Supervisor` start from."""

from __future__ import annotations

from typing import Any

from ..errors import error
from ..graph import Graph, get_default_graph
from ..session import Session
from .saver import get_checkpoint_state


class SessionManager:
    """Prepares sessions on `graph`: `local_init_op` runs in every new session,
    `ready_op` (a list of uninitialized variables' names) must be empty afterwards."""

    def __init__(
        self,
        local_init_op: Any = None,
        ready_op: Any = None,
        ready_for_local_init_op: Any = None,
        graph: Graph | None = None,
        recovery_wait_secs: float = 30,
        local_init_run_options: Any = None,
        local_init_feed_dict: Any = None,
    ):
        self._local_init_op = local_init_op
        self._ready_op = ready_op
        self._ready_for_local_init_op = ready_for_local_init_op
        self._graph = graph or get_default_graph()
        self._local_init_feed_dict = local_init_feed_dict

    def prepare_session(
        self,
        master: str = "",
        init_op: Any = None,
        saver: Any = None,
        checkpoint_dir: str | None = None,
        checkpoint_filename_with_path: str | None = None,
        wait_for_checkpoint: bool = False,
        max_wait_secs: float = 7200,
        config: Any = None,
        init_feed_dict: Any = None,
        init_fn: Any = None,
    ) -> Session:
        """A session restored from `checkpoint_filename_with_path` or the newest checkpoint
        of `checkpoint_dir` when there is one (the saver then keeps counting its
        checkpoints), else initialized by `init_op` and `init_fn(sess)`; then the local
        init op; then checked ready.

        Raises
        ------
        GraphgateError
            MODEL_NOT_READY (a RuntimeError, as TF) when nothing could initialize the model
            or variables are still uninitialized; what `Saver.restore` raises.
        """
        sess, restored = self._restore(saver, checkpoint_dir, checkpoint_filename_with_path)
        if not restored:
            if init_op is None and not init_fn and self._local_init_op is None:
                raise error(
                    "MODEL_NOT_READY",
                    "Model is not initialized and no init_op or init_fn or local_init_op was given",
                )
            if init_op is not None:
                sess.run(init_op, feed_dict=init_feed_dict)
            if init_fn:
                init_fn(sess)
        if self._local_init_op is not None:
            sess.run(self._local_init_op, feed_dict=self._local_init_feed_dict)
        missing = self._uninitialized(sess)
        if missing:
            raise error(
                "MODEL_NOT_READY",
                f"Init operations did not make model ready. Variables not initialized: "
                f"{', '.join(missing)}",
                details={"uninitialized": missing},
            )
        return sess

    def _restore(
        self, saver: Any, checkpoint_dir: str | None, checkpoint_path: str | None
    ) -> tuple[Session, bool]:
        if checkpoint_dir and checkpoint_path:
            raise error(
                "INVALID_HOOK",
                "Can not provide both checkpoint_dir and checkpoint_filename_with_path.",
            )
        sess = Session(self._graph)
        if not saver or not (checkpoint_dir or checkpoint_path):
            return sess, False
        if checkpoint_path:
            saver.restore(sess, checkpoint_path)
            return sess, True
        state = get_checkpoint_state(checkpoint_dir)
        if state is None or not state.model_checkpoint_path:
            return sess, False
        saver.restore(sess, state.model_checkpoint_path)
        saver.recover_last_checkpoints(state.all_model_checkpoint_paths)
        return sess, True

    def _uninitialized(self, sess: Session) -> list[str]:
        """The names the ready op reports; without one, none (as TF's)."""
        if self._ready_op is None:
            return []
        names = sess.run(self._ready_op)
        return [n.decode() if isinstance(n, bytes) else str(n) for n in names.ravel()]


__all__ = ["SessionManager"]

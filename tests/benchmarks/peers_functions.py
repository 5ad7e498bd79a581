"""The functions of the peer benchmark (tests/benchmarks/peers.py), written three times over:

- for grader: the formulas of a problem spec (F, the reference derivative, a wrong term of
  the right shape, and a second correct form of the derivative);
- for the NumPy peer: F and the candidate's Jacobian-vector product (JVP) F'(Y)[dY];
- for the PyTorch peer: F and the candidate's vector-Jacobian product (VJP), the gradient
  of <G, F(Y)> for an output cotangent G, which is what `backward` must return.

Each body is written once against a tiny backend (`NP` or `TORCH`), so that NumPy and
PyTorch evaluate exactly the same algebra in float64.

Notation: <P, Q> = sum(P .* Q) = tr(P'Q) is the Frobenius inner product. The VJPs all
come from one rule: <G, M dY N> = tr(G' M dY N) = tr(N G' M dY) = <M' G N', dY>, so a
term M dY N of dF contributes M' G N' to the gradient. For a scalar F the cotangent G is
1x1 (a number g) and the VJP is g times the gradient.

Matrix functions are evaluated at Y, the point: Y = X for the well-conditioned problems,
and Y = C + X (a fixed, ill-conditioned C plus a tiny random X) for the false-reject
experiment; since dY = dX in both cases, the same formulas give the derivative in X. The
eigenvalue function is evaluated at Y = C + (X + X')/2 for the peers (see EIG).
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Optional

import numpy as np
import torch


class Backend:
    """The handful of linear-algebra calls the functions need, in NumPy or PyTorch."""

    def __init__(self, name: str):
        self.name = name
        self.is_torch = name == "torch"

    def inv(self, M):
        return torch.linalg.inv(M) if self.is_torch else np.linalg.inv(M)

    def solve(self, M, B):
        return torch.linalg.solve(M, B) if self.is_torch else np.linalg.solve(M, B)

    def det(self, M):
        return torch.linalg.det(M) if self.is_torch else np.linalg.det(M)

    def logdet(self, M):
        # log det M for det M > 0, NaN otherwise (as a checker meeting a negative
        # determinant inside its stencil would get).
        if self.is_torch:
            return torch.logdet(M)
        sign, value = np.linalg.slogdet(M)
        return value if sign > 0 else np.nan

    def trace(self, M):
        return torch.trace(M) if self.is_torch else np.trace(M)

    def eye(self, n: int):
        return torch.eye(n, dtype=torch.float64) if self.is_torch else np.eye(n)

    def eigh(self, M):
        return torch.linalg.eigh(M) if self.is_torch else np.linalg.eigh(M)

    def scalar(self, v):
        """A scalar as a 1x1 matrix: every F and derivative here is a 2-D array."""
        return v.reshape(1, 1) if self.is_torch else np.reshape(np.asarray(v, dtype=float), (1, 1))


NP = Backend("numpy")
TORCH = Backend("torch")


def sym(M):
    return (M + M.T) / 2


@dataclasses.dataclass
class Function:
    """One function of the benchmark.

    Grader formulas are written in terms of `Y` (the point), `dX` (the direction) and the
    constants; peers.py turns `Y` into `X` for the plain problems and declares
    `let: {Y: C + X}` for the ill-conditioned ones. The least-squares problem has a vector
    variable x instead and is ill-conditioned through its matrix A (A = C).

    The math callables take (backend, Y, K) with K the dict of constants (A, b, ...):
      f(be, Y, K)                  F at the point, a 2-D array
      jvp_ref(be, Y, K, D)         the reference derivative along D (for a gradient kind:
                                   <grad, D>, the directional derivative)
      jvp_wrong(be, Y, K, D)       the wrong term along D
      vjp_ref(be, Y, K, G)         the reference's VJP: the gradient of <G, F> at Y
      vjp_wrong(be, Y, K, G)       the wrong term's VJP
    """

    key: str
    title: str
    kind: str                      # grader answer kind: differential | gradient
    function: str                  # grader formula of F
    reference: str                 # grader formula of the derivative
    wrong: Optional[str]           # a linear but wrong term of the right shape
    alt: str                       # another correct form (what a student might type)
    f: Callable
    jvp_ref: Callable
    vjp_ref: Callable
    jvp_wrong: Optional[Callable] = None
    vjp_wrong: Optional[Callable] = None
    invertible: bool = False       # the plain problem declares X invertible
    require_det: bool = False      # the problem needs det(Y) > 0 (logdet)
    vector: bool = False           # the variable is a column vector x (least squares)
    symmetric: bool = False        # the variable is a symmetric matrix (eigenvalue)
    lets: dict = dataclasses.field(default_factory=dict)  # extra grader lets (size n known)
    random_constants: tuple = ()   # grader constants drawn at random: ("A",) etc.
    zero: str = "0*dX"             # an answer of the right shape that is wrong everywhere
    scalar: bool = False           # F is a scalar (1x1)

    @property
    def var(self) -> str:
        return "x" if self.vector else "X"


# --- F(Y) = Y A Y ----------------------------------------------------------------------
# dF = dY A Y + Y A dY.  VJP: G (A Y)' + (Y A)' G = G Y'A' + A'Y' G.
# Wrong term dY Y A (the factors of the first term in the wrong order): VJP G (Y A)'.
XAX = Function(
    key="xax", title="XAX", kind="differential",
    function="Y*A*Y", reference="dX*A*Y + Y*A*dX", wrong="dX*Y*A",
    alt="Y*(A*dX) + (dX*A)*Y",
    f=lambda be, Y, K: Y @ K["A"] @ Y,
    jvp_ref=lambda be, Y, K, D: D @ K["A"] @ Y + Y @ K["A"] @ D,
    vjp_ref=lambda be, Y, K, G: G @ (K["A"] @ Y).T + (Y @ K["A"]).T @ G,
    jvp_wrong=lambda be, Y, K, D: D @ Y @ K["A"],
    vjp_wrong=lambda be, Y, K, G: G @ (Y @ K["A"]).T,
    random_constants=("A",),
)

# --- F(Y) = Y^3 ------------------------------------------------------------------------
# dF = dY Y^2 + Y dY Y + Y^2 dY.  VJP: G (Y^2)' + Y' G Y' + (Y^2)' G.
# Wrong term 3 Y^2 dY (the scalar rule; lecture02/cube's first mistake): VJP 3 (Y^2)' G.
# The reference is written with products, dX*Y*Y + ..., as lecture02/cube accepts: grader
# counts a matrix power as 20 n^3 operations, so `dX*Y^2 + Y*dX*Y + Y^2*dX` costs 1.4e6 at
# n = 32, over the 1e6 bound of an answer, and `grader try` calls it "too costly" (invalid).
CUBE = Function(
    key="cube", title="A³", kind="differential",
    function="Y^3", reference="dX*Y*Y + Y*dX*Y + Y*Y*dX", wrong="3*Y^2*dX",
    alt="(dX*Y + Y*dX)*Y + Y^2*dX",
    f=lambda be, Y, K: Y @ Y @ Y,
    jvp_ref=lambda be, Y, K, D: D @ Y @ Y + Y @ D @ Y + Y @ Y @ D,
    vjp_ref=lambda be, Y, K, G: G @ (Y @ Y).T + Y.T @ G @ Y.T + (Y @ Y).T @ G,
    jvp_wrong=lambda be, Y, K, D: 3 * Y @ Y @ D,
    vjp_wrong=lambda be, Y, K, G: 3 * (Y @ Y).T @ G,
)

# --- F(Y) = det Y ----------------------------------------------------------------------
# dF = det(Y) tr(Y^-1 dY) = <det(Y) Y^-T, dY>.  VJP: g det(Y) Y^-T.
# Wrong term det(Y) tr(dY) (det(I + E) ~ 1 + tr E used at Y != I): VJP g det(Y) I.
DET = Function(
    key="det", title="det", kind="differential",
    function="det(Y)", reference="det(Y)*tr(inv(Y)*dX)", wrong="det(Y)*tr(dX)",
    alt="det(Y)*tr(Y\\dX)",
    f=lambda be, Y, K: be.scalar(be.det(Y)),
    jvp_ref=lambda be, Y, K, D: be.scalar(be.det(Y) * be.trace(be.solve(Y, D))),
    vjp_ref=lambda be, Y, K, G: G * be.det(Y) * be.inv(Y).T,
    jvp_wrong=lambda be, Y, K, D: be.scalar(be.det(Y) * be.trace(D)),
    vjp_wrong=lambda be, Y, K, G: G * be.det(Y) * be.eye(Y.shape[0]),
    invertible=True, zero="0*tr(dX)", scalar=True,
)

# --- F(Y) = Y^-1 -----------------------------------------------------------------------
# dF = -Y^-1 dY Y^-1.  VJP: -Y^-T G Y^-T.
# Wrong term -Y^-2 dY (as for 1/x; lecture05/inverse's first mistake): VJP -(Y^-2)' G.
INVERSE = Function(
    key="inverse", title="inverse", kind="differential",
    function="inv(Y)", reference="-inv(Y)*dX*inv(Y)", wrong="-inv(Y)^2*dX",
    alt="-(Y\\dX)/Y",
    f=lambda be, Y, K: be.inv(Y),
    jvp_ref=lambda be, Y, K, D: -be.inv(Y) @ D @ be.inv(Y),
    vjp_ref=lambda be, Y, K, G: -be.inv(Y).T @ G @ be.inv(Y).T,
    jvp_wrong=lambda be, Y, K, D: -be.inv(Y) @ be.inv(Y) @ D,
    vjp_wrong=lambda be, Y, K, G: -(be.inv(Y) @ be.inv(Y)).T @ G,
    invertible=True,
)

# --- F(Y) = log det Y (det Y > 0) ------------------------------------------------------
# dF = tr(Y^-1 dY) = <Y^-T, dY>.  VJP: g Y^-T.
# Wrong term tr(Y^-T dY) = <Y^-1, dY> (an extra transpose): VJP g Y^-1.
LOGDET = Function(
    key="logdet", title="logdet", kind="differential",
    function="logdet(Y)", reference="tr(Y\\dX)", wrong="tr(inv(Y)'*dX)",
    alt="tr(dX*inv(Y))",
    f=lambda be, Y, K: be.scalar(be.logdet(Y)),
    jvp_ref=lambda be, Y, K, D: be.scalar(be.trace(be.solve(Y, D))),
    vjp_ref=lambda be, Y, K, G: G * be.inv(Y).T,
    jvp_wrong=lambda be, Y, K, D: be.scalar(be.trace(be.inv(Y).T @ D)),
    vjp_wrong=lambda be, Y, K, G: G * be.inv(Y),
    invertible=True, require_det=True, zero="0*tr(dX)", scalar=True,
)

# --- f(x) = ||A x - b||^2 (a gradient problem, as lecture04/lsq-gradient) ---------------
# df = 2 (Ax - b)' A dx, so grad f = 2 A'(Ax - b). The candidate is a gradient: its JVP
# is <grad, dx> and its VJP g grad. Wrong term 2 A'A x (the b term lost): JVP <2A'Ax, dx>.
def _lsq_grad(be, x, K):
    return 2 * K["A"].T @ (K["A"] @ x - K["b"])


LSQ = Function(
    key="lsq", title="‖Ax − b‖²", kind="gradient",
    function="(A*Y - b)'*(A*Y - b)", reference="2*A'*(A*Y - b)", wrong="2*A'*A*Y",
    alt="2*A'*A*Y - 2*A'*b",
    f=lambda be, x, K: (K["A"] @ x - K["b"]).T @ (K["A"] @ x - K["b"]),
    jvp_ref=lambda be, x, K, d: _lsq_grad(be, x, K).T @ d,
    vjp_ref=lambda be, x, K, G: G * _lsq_grad(be, x, K),
    jvp_wrong=lambda be, x, K, d: (2 * K["A"].T @ K["A"] @ x).T @ d,
    vjp_wrong=lambda be, x, K, G: G * (2 * K["A"].T @ K["A"] @ x),
    vector=True, random_constants=("A", "b"), zero="0*x", scalar=True,
)


# --- lambda_max(Y), Y symmetric (only in the eigenvalue-gap experiment) -----------------
# For a simple largest eigenvalue with unit eigenvector v: d lambda = v' dY v = <v v', dY>,
# so the VJP is g v v'. grader draws X symmetric and its directions symmetric. The peers
# evaluate F at Y = C + (X + X')/2, which equals C + X on symmetric X and is defined on all
# of R^(n x n): gradcheck perturbs one entry at a time, and eigh reads only one triangle,
# so without the symmetrisation a correct gradient would be "wrong" in the other triangle.
# By the chain rule through sym, the VJP in X is sym(g v v') = g v v'.
def _top_eigvec(be, Y):
    _, vectors = be.eigh(sym(Y))
    return vectors[:, -1:]


EIG = Function(
    key="eig", title="λmax", kind="differential",
    function="eigvals(Y)[{n}]", reference="v'*dX*v", wrong=None,
    alt="tr(v*v'*dX)",
    f=lambda be, Y, K: be.scalar(be.eigh(sym(Y))[0][-1]),
    jvp_ref=lambda be, Y, K, D: _top_eigvec(be, Y).T @ D @ _top_eigvec(be, Y),
    vjp_ref=lambda be, Y, K, G: G * (_top_eigvec(be, Y) @ _top_eigvec(be, Y).T),
    symmetric=True, lets={"v": "eigvecs(Y)[:, {n}]"}, zero="0*tr(dX)", scalar=True,
)

# The six functions of the issue, in its order, and the eigenvalue one.
FUNCTIONS = [XAX, CUBE, DET, INVERSE, LOGDET, LSQ]
BY_KEY = {fn.key: fn for fn in FUNCTIONS + [EIG]}


# --- Candidates -------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Candidate:
    """A candidate derivative: the reference (perturbation None), (1 + delta) times it
    ("scale"), or the reference plus delta times the wrong term ("term")."""

    perturbation: Optional[str]    # None | "scale" | "term"
    exponent: int = 0              # delta = 10^-exponent

    @property
    def delta(self) -> float:
        return 0.0 if self.perturbation is None else 10.0 ** (-self.exponent)

    def formula(self, reference: str, wrong: Optional[str]) -> str:
        """The grader formula, from the reference and wrong-term formulas as the problem
        spec writes them (peers.py substitutes the point's name first)."""
        if self.perturbation is None:
            return reference
        d = f"1e-{self.exponent}"
        if self.perturbation == "scale":
            return f"(1 + {d})*({reference})"
        return f"{reference} + {d}*({wrong})"

    def jvp(self, fn: Function, be: Backend, Y, K, D):
        out = fn.jvp_ref(be, Y, K, D)
        if self.perturbation == "scale":
            return (1 + self.delta) * out
        if self.perturbation == "term":
            return out + self.delta * fn.jvp_wrong(be, Y, K, D)
        return out

    def vjp(self, fn: Function, be: Backend, Y, K, G):
        out = fn.vjp_ref(be, Y, K, G)
        if self.perturbation == "scale":
            return (1 + self.delta) * out
        if self.perturbation == "term":
            return out + self.delta * fn.vjp_wrong(be, Y, K, G)
        return out


CORRECT = Candidate(None)


# --- The points: X (or x) and the map from it to Y ---------------------------------------
@dataclasses.dataclass
class Point:
    """One point as grader drew it: the variable's value, its direction, the constants
    (random ones from grader, and C when the problem is shifted)."""

    X: np.ndarray
    dX: np.ndarray
    K: dict                        # constants: A, b, C ... as NumPy arrays
    shifted: bool = False          # Y = C + X (C + sym(X) for the eigenvalue function)

    def Y(self, X, K, fn: Function):
        """The point at which F is evaluated, from X and the constants K (NumPy or torch)."""
        if not self.shifted:
            return X
        return K["C"] + (sym(X) if fn.symmetric else X)


# --- The NumPy peer: central differences at random points (WeBWorK style) ---------------
NUMPY_STEP = 1e-6
NUMPY_RTOL = 1e-3


def numpy_point_ok(fn: Function, cand: Candidate, p: Point) -> bool:
    """Central difference (F(X + h dX) - F(X - h dX)) / 2h along grader's direction, against
    the candidate's JVP: accepted when ||JVP - FD||_F <= 1e-3 ||FD||_F. A NaN anywhere
    (a log of a negative determinant inside the stencil) is a reject."""
    h = NUMPY_STEP
    F = lambda X: fn.f(NP, p.Y(X, p.K, fn), p.K)
    with np.errstate(all="ignore"):
        fd = (F(p.X + h * p.dX) - F(p.X - h * p.dX)) / (2 * h)
        jvp = cand.jvp(fn, NP, p.Y(p.X, p.K, fn), p.K, p.dX)
        err = np.linalg.norm(jvp - fd)
        return bool(err <= NUMPY_RTOL * np.linalg.norm(fd))


def numpy_verdict(fn: Function, cand: Candidate, points: list) -> bool:
    """Accepted when every point is (the instructor's 5-point check)."""
    return all(numpy_point_ok(fn, cand, p) for p in points)


# --- The PyTorch peer: gradcheck on a Function whose backward is the candidate ----------
def torch_function(fn: Function, cand: Candidate, p: Point):
    """A torch.autograd.Function computing F in its forward and the candidate's VJP in its
    backward, so that gradcheck checks exactly the candidate. Returns (apply, X tensor)."""
    K = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in p.K.items()}

    class CandidateFn(torch.autograd.Function):
        @staticmethod
        def forward(ctx, X):
            ctx.save_for_backward(X)
            return fn.f(TORCH, p.Y(X, K, fn), K)

        @staticmethod
        def backward(ctx, G):
            (X,) = ctx.saved_tensors
            # dY/dX is the identity (or sym for the eigenvalue function, whose VJP is
            # already symmetric), so the VJP in Y is the VJP in X.
            return cand.vjp(fn, TORCH, p.Y(X, K, fn), K, G)

    X = torch.from_numpy(np.array(p.X, dtype=np.float64)).requires_grad_(True)
    return CandidateFn.apply, X


def gradcheck_call(apply, X, fast: bool) -> bool:
    """torch.autograd.gradcheck with its defaults (eps 1e-6, atol 1e-5, rtol 1e-3), in slow
    (the full Jacobian) or fast mode (one random projection). An exception is a reject.
    This call alone is what the cost section times."""
    try:
        return bool(torch.autograd.gradcheck(apply, (X,), raise_exception=False,
                                             fast_mode=fast))
    except Exception:  # noqa: BLE001 - any failure inside the check is its verdict
        return False


def gradcheck_ok(fn: Function, cand: Candidate, p: Point, fast: bool) -> bool:
    """gradcheck of the candidate at one point."""
    apply, X = torch_function(fn, cand, p)
    return gradcheck_call(apply, X, fast)


def gradcheck_verdict(fn: Function, cand: Candidate, points: list, fast: bool) -> bool:
    return all(gradcheck_ok(fn, cand, p, fast) for p in points)


# --- Self-test: the hand-written derivatives against autograd and differences ------------
def self_test(rng: np.random.Generator, n: int = 4) -> list:
    """Checks every function's reference VJP against PyTorch's own autograd of F, its JVP
    against <VJP, D>-duality, and the wrong term against its own VJP, at a random
    well-conditioned point. Returns a list of failures (empty when all hold)."""
    failures = []
    for fn in FUNCTIONS + [EIG]:
        if fn.vector:
            m = n + 2
            K = {"A": rng.uniform(-1, 1, (m, n)), "b": rng.uniform(-1, 1, (m, 1))}
            X = rng.uniform(-1, 1, (n, 1))
            D = rng.uniform(-1, 1, (n, 1))
        else:
            K = {"A": rng.uniform(-1, 1, (n, n))}
            X = rng.uniform(-1, 1, (n, n)) + 2 * np.eye(n)   # det > 0, well-conditioned
            D = rng.uniform(-1, 1, (n, n))
            if fn.symmetric:
                X, D = sym(X), sym(D)
        p = Point(X, D, K)
        Kt = {k: torch.from_numpy(v) for k, v in K.items()}
        Xt = torch.from_numpy(X.copy()).requires_grad_(True)
        Ft = fn.f(TORCH, Xt, Kt)
        Gt = torch.from_numpy(rng.uniform(-1, 1, tuple(Ft.shape)))
        (auto,) = torch.autograd.grad((Ft * Gt).sum(), Xt)
        mine = fn.vjp_ref(TORCH, Xt.detach(), Kt, Gt)
        if fn.symmetric:        # only the symmetric part is seen by symmetric directions
            auto, mine = sym(auto), sym(mine)
        if not torch.allclose(auto, mine, rtol=1e-9, atol=1e-12):
            failures.append(f"{fn.key}: reference VJP differs from autograd")
        # Duality: <G, JVP(D)> = <VJP(G), D>, for the reference and the wrong term.
        pairs = [(fn.jvp_ref, fn.vjp_ref, "reference")]
        if fn.wrong:
            pairs.append((fn.jvp_wrong, fn.vjp_wrong, "wrong term"))
        G = Gt.numpy()
        for jvp, vjp, what in pairs:
            lhs = float(np.sum(G * jvp(NP, X, K, D)))
            rhs = float(np.sum(vjp(NP, X, K, G) * D))
            if abs(lhs - rhs) > 1e-9 * max(1.0, abs(lhs)):
                failures.append(f"{fn.key}: {what} JVP and VJP disagree ({lhs} vs {rhs})")
        # And the reference against a central difference (a loose sanity check).
        if not numpy_point_ok(fn, CORRECT, p):
            failures.append(f"{fn.key}: reference JVP disagrees with central differences")
    return failures

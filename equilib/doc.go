// Package equilib does equilibrium analysis of games.
//
// It holds two kinds of analysis, each in its own files, and more can be
// added the same way:
//
//   - Differential Nash and Stackelberg conditions for smooth games: the
//     first- and second-order conditions (I) and (II) of a differential Nash
//     equilibrium (DNE) or differential Stackelberg equilibrium (DSE) at a
//     point, the game Jacobians J and J_S and their spectra (Fiez, Chasnov
//     and Ratliff, "Convergence of Learning Dynamics in Stackelberg Games"),
//     and a search for critical points (Analyze, Search, Polish; with the
//     roles exchanged, y leading, AnalyzeYLeads, PolishYLeads and
//     SearchOptions.YLeads;
//     KeepCritical and SplitContinuum sort out Newton end points that are no
//     critical points or lie on a continuum of them). From that
//     paper: Definition 3 (DNE: ω = 0, D_i² f_i > 0) and Definition 4 (DSE:
//     Df1 = 0 with D² f1(x, r(x)) > 0, D2 f2 = 0; stackel also asks
//     D2² f2 > 0, so that r(x) is a local best response), the
//     total derivative Df1 of Section 2.1 whose field ω_S = (Df1, D2 f2)
//     drives Eq. 1/4, and its Jacobian J_S (Eq. 3 in the zero-sum case),
//     with D² f1(x, r(x)) taken as the Schur complement of J_S; the tests
//     check Propositions 1–3 on random zero-sum games. Proposition 2 holds
//     there in the case its proof treats (−D2² f > 0: a stable attractor of
//     gradient play is a DSE and stable under Stackelberg dynamics) but not in
//     the other case it states (D1² f > 0 alone): f = x² + 2xy + ½y² is a
//     stable attractor of gradient play with D² f1(x, r(x)) = −2, no DSE,
//     and Analyze classifies it so (TestZeroSumPropositions).
//   - Exact commitment solutions for finite matrix games: the leader's
//     optimal mixed commitment in a bimatrix game against a best-responding
//     follower with ties broken in the leader's favour (strong Stackelberg
//     equilibrium), computed by one linear program per follower action
//     (Conitzer and Sandholm 2006) with gonum's simplex (OptimalCommitment).
//
// The package takes games as game.Game values or plain payoff matrices; it
// runs no learners and prints nothing.
package equilib

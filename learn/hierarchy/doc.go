// Package hierarchy implements coupled hierarchical learning with more than
// one follower, after Appendix C of Fiez, Chasnov and Ratliff,
// "Convergence of Learning Dynamics in Stackelberg Games":
//
//   - C.1, staggered learners: a chain in which player 1 leads player 2,
//     who leads player 3, on three timescales γ1 = o(γ2), γ2 = o(γ3); each
//     player follows the nested total derivative of its objective through
//     the responses of every deeper player (Staggered).
//   - C.2, N simultaneous followers: one leader against N followers who
//     play a Nash equilibrium among themselves; the leader differentiates
//     through the followers' joint first-order conditions by the implicit
//     function theorem, r'(x1) = −J_FF⁻¹ J_F1 (LeaderFollowers).
//
// Both are instances of one recursion over levels of play (Structure,
// Evaluator.Directions), with every Jacobian block built as a taped node of
// package ad so that shallower levels differentiate deeper ones again.
// Run drives the simultaneous multi-timescale updates (Eq. 1 of Fiez et
// al. with ω_S).
//
// Departures: Appendix C.1 writes player 2's field as F² ≡ −D_{1→2} f2;
// stackel reads it as the derivative of f2 in player 2's own strategy
// through the deeper responses (x1 held fixed), the only reading in which
// player 2 moves its own strategy alone. Rates are one schedule per level
// (followers in a level share it, as C.2 assumes); Run adds no noise.
//
// These learners are coupled: the Game type hands every player's objective
// to the evaluator. Contrast package learn/uncoupled.
//
// # Closed forms (Stackelberg oligopoly)
//
// With linear inverse demand P = A − ΣQ and equal unit cost c, each firm's
// profit is π_i = q_i (A − c − ΣQ). One leader q_0 against N Nash
// followers: follower i's first-order condition A − c − q_0 − Σ_j q_j − q_i = 0
// gives the symmetric response q_i = (A − c − q_0)/(N + 1); the leader then
// maximises q_0 (A − c − q_0 − N(A − c − q_0)/(N + 1)) = q_0 (A − c − q_0)/(N + 1),
// so q_0 = (A − c)/2 and each follower plays (A − c)/(2(N + 1)).
// In the staggered chain of three firms, firm 3 plays (A − c − q1 − q2)/2,
// firm 2 maximises q2 (A − c − q1 − q2)/2, giving q2 = (A − c − q1)/2, and
// firm 1 maximises q1 (A − c − q1)/4: q = ((A − c)/2, (A − c)/4, (A − c)/8).
// These are the outcomes of Oligopoly's game, whose quantities lie in the
// box [0, A], only for −A ≤ c ≤ A (beyond, the box binds); Oligopoly
// refuses other costs and the closed-form functions return NaN there.
package hierarchy

// Package experiment turns configuration files into runs: it parses the
// published YAML/JSON schema strictly, builds the game and the learner,
// drives the run with seeds, progress, recording and checkpoints, and holds
// the registry of paper reproductions behind `stackel reproduce`.
//
// It implements no paper equation itself: each run calls the package that
// does (learn, learn/uncoupled, learn/hierarchy, markov, rl). The
// reproductions, by paper:
//
//   - Fiez, Chasnov and Ratliff: fiez-duopoly (§4.1, Fig. 1), fiez-torus
//     (§4.2, Fig. 2), stackelberg-oligopoly (Appendix C.1, C.2).
//   - Loftin et al. (Hi-C): hic-cournot (§3.3, Fig. 1), negotiation (§4,
//     Algorithm 2).
//   - Das et al. (stochastic Stackelberg policy gradient): markov-patrol,
//     markov-epidemic (Eq. 8, 9, 19).
//   - Zheng et al. (Stackelberg actor-critic): stac-toy (§3, Figs. 1, 4,
//     5), stac-cartpole, stddpg-pendulum, stsac-pendulum.
package experiment

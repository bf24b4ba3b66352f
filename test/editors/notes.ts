// The Markdown note and the bibliography both editor tests (Neovim, Emacs) open: a cite of a
// database paper, one of a user entry, a typo'd key, and a partial key to complete.
export const md = `---
bibliography: refs.bib
---
# Notes

Residual networks [@he2016deep] and attention [@Vaswani.Attention.2017].
A typo: [@vaswani2017atention].
Complete here: [@resn
`;

export const bib = `@inproceedings{Vaswani.Attention.2017,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam},
  year = {2017},
  eprint = {1706.03762}
}
`;

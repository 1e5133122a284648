"""Evaluation against multi-document summarization benchmarks.

`datasets` reads DUC, TAC 2011 MultiLing and Multi-News into `Cluster` records (read in place:
the data is never copied into the repository); `rouge` scores summaries with the ROUGE-1.5.5
conventions (Lin 2004) on top of the `rouge-score` package. See docs/evaluation.md.
"""

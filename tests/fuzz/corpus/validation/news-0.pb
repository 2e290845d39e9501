
,profiles/hexu-zhao/news/deepspeed-internshipègI will join Microsoft DeepSpeed Team as a Research Scientist Intern in 2024 Summer. See you in Seattle!

profiles/hexu-zhao	Hexu ZhaoH. Zhao
Zhao, Hexu	Hexu Zhao	Zhao Hexu"!Ph.D. student of Computer Science*%New York University Courant Institute2P
/assets/demo/photo.svg6Portrait of Hexu Zhao (demo stand-in: a monogram "HZ"):P
#424, 60 5th Ave, New York, NY 10011)https://maps.app.goo.gl/N7m2fM5EbM3TToB79B
hz3496@nyu.eduJC;https://tarzanzhao.github.io/assets/CV-Hexu%20Zhao_20241103CVJ!mailto:hz3496@nyu.eduE-mailJP<https://scholar.google.com/citations?hl=en&user=ylKFMAkAAAAJGoogle ScholarJ,"https://dblp.org/pid/293/9714.htmlDBLPJ)https://github.com/TarzanZhaoGitHubJ>0https://www.linkedin.com/in/hexu-zhao-203304244/LinkedInJ5*https://www.zhihu.com/people/zhao-he-xu-61ZhihuR˜I am a Ph.D. student of Computer Science at [NYU Courant](https://cs.nyu.edu/home/index.html), advised by Prof. [Jinyang Li](https://www.news.cs.nyu.edu/~jinyang/) and Prof. [Aurojit Panda](https://cs.nyu.edu/~apanda/). My research interest is in machine learning systems, with a current focus on distributed machine learning. Recently, I have been building the [Grendel-GS](https://github.com/nyu-systems/Grendel-GS) system for the emerging and promising neural rendering method: 3D Gaussian Splatting. Previously, I obtained my bachelorâ€™s degree in 2023 from Honored Yao Class, Tsinghua University. I was a Research Assistant at MBZUAI advised by Prof. [Eric Xing](http://www.cs.cmu.edu/~epxing/) and Prof. [Hao Zhang](https://cseweb.ucsd.edu/~haozhang/) in Spring 2022. Before that I was advised by Prof. [Yang Yuan](http://people.iiis.tsinghua.edu.cn/~yuanyang/en.html) in Tsinghua on various AI+healthcare topics.Zmachine learning systemsZdistributed machine learningZ3D Gaussian Splattingb 
%New York University Courant Institute"https://cs.nyu.edu/home/index.html@
/assets/demo/nyu.svg(New York University logo (demo stand-in)"ç	2Ph.D. in Computer Science::

Jinyang Li%https://www.news.cs.nyu.edu/~jinyang/Prof.:3
Aurojit Pandahttps://cs.nyu.edu/~apanda/Prof.b™
Tsinghua UniversityE
/assets/demo/tsinghua.svg(Tsinghua University logo (demo stand-in)"ã	*ç2B.Eng. in Computer ScienceBHonored Yao Classj|
Microsoft DeepSpeed<
/assets/demo/microsoft.svgMicrosoft logo (demo stand-in)"è*è2Research Scientist Intern
// Nicknames resolve to the right papers: a table of 240 names people use for papers from 2013 to 2025,
// each with the title it must resolve to. The table is the target of issue 17 (≥ 120 resolving); it resolves
// as our layer (server/data/layer) gives the papers summaries and ships them, so the tests check:
//  - no nickname of the table resolves to a wrong paper (a wrong nickname sends a mention to the wrong paper);
//  - at least RESOLVED_FLOOR of them resolve (issue 17 asks for 120; raise the floor as the database grows);
//  - ambiguous nicknames go where the written rule says.
//
// The rule for ambiguous nicknames (scripts/build-db.mjs, NICKNAME_RULE; BUILD-REPORT.md lists every contest):
// a nickname names one paper. When several claim it (compared in lowercase letters and digits), the first of
// these decides: a hand-written claim (v1 part or our layer) over a claim that only a source makes; the earlier
// paper (by the year of its arXiv id, else its year: the name belongs to the paper that introduced it, not to a
// follow-up or a later reuse); the paper whose title is or starts with the nickname; the paper more sources call
// so; the smaller key. A paper whose title is its name ("Layer Normalization", "Mask R-CNN") is also found by title.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadPaperDb } from '../../server/src/core/paperDb';
import type { Paper } from '../../server/src/core/model';

const papers: Paper[] = JSON.parse(readFileSync('server/data/papers.json', 'utf8'));
const { db } = loadPaperDb(papers);

/** Raise this as the layer ships more papers (never lower it). */
const RESOLVED_FLOOR = 120;

/** nickname, year of the paper (arXiv or venue), the title it must resolve to. */
const NICKNAMES: Array<[string, number, RegExp]> = [
  ['DQN', 2013, /^Playing Atari with Deep Reinforcement Learning$/i],
  ['VAE', 2013, /^Auto-Encoding Variational Bayes$/i],
  ['word2vec', 2013, /^Distributed Representations of Words and Phrases and their Compositionality$/i],
  ['ZFNet', 2013, /^Visualizing and Understanding Convolutional Networks$/i],
  ['Network in Network', 2013, /^Network In Network$/i],
  ['Maxout', 2013, /^Maxout Networks$/i],
  ['GAN', 2014, /^Generative Adversarial (Nets|Networks)$/i],
  ['VGGNet', 2014, /^Very Deep Convolutional Networks for Large-Scale Image Recognition$/i],
  ['GoogLeNet', 2014, /^Going Deeper with Convolutions$/i],
  ['R-CNN', 2014, /^Rich Feature Hierarchies for Accurate Object Detection and Semantic Segmentation$/i],
  ['Adam', 2014, /^Adam: A Method for Stochastic Optimization$/i],
  ['Dropout', 2014, /^Dropout: A Simple Way to Prevent Neural Networks from Overfitting$/i],
  ['Seq2Seq', 2014, /^Sequence to Sequence Learning with Neural Networks$/i],
  ['GloVe', 2014, /^GloVe: Global Vectors for Word Representation$/i],
  ['SPPNet', 2014, /^Spatial Pyramid Pooling in Deep Convolutional Networks for Visual Recognition$/i],
  ['Neural Turing Machine', 2014, /^Neural Turing Machines$/i],
  ['FCN', 2014, /^Fully Convolutional Networks for Semantic Segmentation$/i],
  ['ResNet', 2015, /^Deep Residual Learning for Image Recognition$/i],
  ['BatchNorm', 2015, /^Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift$/i],
  ['U-Net', 2015, /^U-Net: Convolutional Networks for Biomedical Image Segmentation$/i],
  ['Fast R-CNN', 2015, /^Fast R-CNN$/i],
  ['Faster R-CNN', 2015, /^Faster R-CNN: Towards Real-Time Object Detection with Region Proposal Networks$/i],
  ['YOLO', 2015, /^You Only Look Once: Unified, Real-Time Object Detection$/i],
  ['SSD', 2015, /^SSD: Single Shot MultiBox Detector$/i],
  ['DCGAN', 2015, /^Unsupervised Representation Learning with Deep Convolutional Generative Adversarial Networks$/i],
  ['Inception-v3', 2015, /^Rethinking the Inception Architecture for Computer Vision$/i],
  ['Knowledge Distillation', 2015, /^Distilling the Knowledge in a Neural Network$/i],
  ['TRPO', 2015, /^Trust Region Policy Optimization$/i],
  ['DDPG', 2015, /^Continuous Control with Deep Reinforcement Learning$/i],
  ['Double DQN', 2015, /^Deep Reinforcement Learning with Double Q-Learning$/i],
  ['Prioritized Experience Replay', 2015, /^Prioritized Experience Replay$/i],
  ['Dueling DQN', 2015, /^Dueling Network Architectures for Deep Reinforcement Learning$/i],
  ['GAE', 2015, /^High-Dimensional Continuous Control Using Generalized Advantage Estimation$/i],
  ['Spatial Transformer', 2015, /^Spatial Transformer Networks$/i],
  ['Pointer Networks', 2015, /^Pointer Networks$/i],
  ['FaceNet', 2015, /^FaceNet: A Unified Embedding for Face Recognition and Clustering$/i],
  ['SegNet', 2015, /^SegNet: A Deep Convolutional Encoder-Decoder Architecture for Image Segmentation$/i],
  ['ELU', 2015, /^Fast and Accurate Deep Network Learning by Exponential Linear Units \(ELUs\)$/i],
  ['BPE', 2015, /^Neural Machine Translation of Rare Words with Subword Units$/i],
  ['A3C', 2016, /^Asynchronous Methods for Deep Reinforcement Learning$/i],
  ['AlphaGo', 2016, /^Mastering the Game of Go with Deep Neural Networks and Tree Search$/i],
  ['WaveNet', 2016, /^WaveNet: A Generative Model for Raw Audio$/i],
  ['GELU', 2016, /^Gaussian Error Linear Units \(GELUs\)$/i],
  ['LayerNorm', 2016, /^Layer Normalization$/i],
  ['Wide ResNet', 2016, /^Wide Residual Networks$/i],
  ['DenseNet', 2016, /^Densely Connected Convolutional Networks$/i],
  ['ResNeXt', 2016, /^Aggregated Residual Transformations for Deep Neural Networks$/i],
  ['SqueezeNet', 2016, /^SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and ?< ?0\.5 ?MB model size$/i],
  ['PixelRNN', 2016, /^Pixel Recurrent Neural Networks$/i],
  ['InfoGAN', 2016, /^InfoGAN: Interpretable Representation Learning by Information Maximizing Generative Adversarial Nets$/i],
  ['pix2pix', 2016, /^Image-to-Image Translation with Conditional Adversarial Networks$/i],
  ['YOLOv2', 2016, /^YOLO9000: Better, Faster, Stronger$/i],
  ['FPN', 2016, /^Feature Pyramid Networks for Object Detection$/i],
  ['R-FCN', 2016, /^R-FCN: Object Detection via Region-based Fully Convolutional Networks$/i],
  ['PSPNet', 2016, /^Pyramid Scene Parsing Network$/i],
  ['GCN', 2016, /^Semi-Supervised Classification with Graph Convolutional Networks$/i],
  ['Gumbel-Softmax', 2016, /^Categorical Reparameterization with Gumbel-Softmax$/i],
  ['Xception', 2016, /^Xception: Deep Learning with Depthwise Separable Convolutions$/i],
  ['GNMT', 2016, /^Google's Neural Machine Translation System: Bridging the Gap between Human and Machine Translation$/i],
  ['Stacked Hourglass', 2016, /^Stacked Hourglass Networks for Human Pose Estimation$/i],
  ['NAS', 2016, /^Neural Architecture Search with Reinforcement Learning$/i],
  ['Transformer', 2017, /^Attention Is All You Need$/i],
  ['PPO', 2017, /^Proximal Policy Optimization Algorithms$/i],
  ['Mask R-CNN', 2017, /^Mask R-CNN$/i],
  ['WGAN', 2017, /^Wasserstein (GAN|Generative Adversarial Networks)$/i],
  ['WGAN-GP', 2017, /^Improved Training of Wasserstein GANs$/i],
  ['CycleGAN', 2017, /^Unpaired Image-to-Image Translation using Cycle-Consistent Adversarial Networks$/i],
  ['MobileNet', 2017, /^MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications$/i],
  ['ShuffleNet', 2017, /^ShuffleNet: An Extremely Efficient Convolutional Neural Network for Mobile Devices$/i],
  ['RetinaNet', 2017, /^Focal Loss for Dense Object Detection$/i],
  ['SENet', 2017, /^Squeeze-and-Excitation Networks$/i],
  ['GAT', 2017, /^Graph Attention Networks$/i],
  ['GraphSAGE', 2017, /^Inductive Representation Learning on Large Graphs$/i],
  ['MPNN', 2017, /^Neural Message Passing for Quantum Chemistry$/i],
  ['AlphaGo Zero', 2017, /^Mastering the Game of Go without Human Knowledge$/i],
  ['Rainbow', 2017, /^Rainbow: Combining Improvements in Deep Reinforcement Learning$/i],
  ['VQ-VAE', 2017, /^Neural Discrete Representation Learning$/i],
  ['PointNet', 2017, /^PointNet: Deep Learning on Point Sets for 3D Classification and Segmentation$/i],
  ['ProGAN', 2017, /^Progressive Growing of GANs for Improved Quality, Stability, and Variation$/i],
  ['mixup', 2017, /^mixup: Beyond Empirical Risk Minimization$/i],
  ['AdamW', 2017, /^Decoupled Weight Decay Regularization$/i],
  ['MAML', 2017, /^Model-Agnostic Meta-Learning for Fast Adaptation of Deep Networks$/i],
  ['Deformable ConvNets', 2017, /^Deformable Convolutional Networks$/i],
  ['DeepLabv3', 2017, /^Rethinking Atrous Convolution for Semantic Image Segmentation$/i],
  ['Tacotron', 2017, /^Tacotron: Towards End-to-End Speech Synthesis$/i],
  ['HER', 2017, /^Hindsight Experience Replay$/i],
  ['CapsNet', 2017, /^Dynamic Routing Between Capsules$/i],
  ['BERT', 2018, /^BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding$/i],
  ['ELMo', 2018, /^Deep Contextualized Word Representations$/i],
  ['GPT', 2018, /^Improving Language Understanding by Generative Pre-Training$/i],
  ['YOLOv3', 2018, /^YOLOv3: An Incremental Improvement$/i],
  ['MobileNetV2', 2018, /^MobileNetV2: Inverted Residuals and Linear Bottlenecks$/i],
  ['ShuffleNetV2', 2018, /^ShuffleNet V2: Practical Guidelines for Efficient CNN Architecture Design$/i],
  ['BigGAN', 2018, /^Large Scale GAN Training for High Fidelity Natural Image Synthesis$/i],
  ['StyleGAN', 2018, /^A Style-Based Generator Architecture for Generative Adversarial Networks$/i],
  ['Glow', 2018, /^Glow: Generative Flow with Invertible 1x1 Convolutions$/i],
  ['GIN', 2018, /^How Powerful are Graph Neural Networks\?$/i],
  ['DARTS', 2018, /^DARTS: Differentiable Architecture Search$/i],
  ['GroupNorm', 2018, /^Group Normalization$/i],
  ['Neural ODE', 2018, /^Neural Ordinary Differential Equations$/i],
  ['CPC', 2018, /^Representation Learning with Contrastive Predictive Coding$/i],
  ['Cascade R-CNN', 2018, /^Cascade R-CNN: Delving into High Quality Object Detection$/i],
  ['CornerNet', 2018, /^CornerNet: Detecting Objects as Paired Keypoints$/i],
  ['NTK', 2018, /^Neural Tangent Kernel: Convergence and Generalization in Neural Networks$/i],
  ['SAC', 2018, /^Soft Actor-Critic: Off-Policy Maximum Entropy Deep Reinforcement Learning with a Stochastic Actor$/i],
  ['TD3', 2018, /^Addressing Function Approximation Error in Actor-Critic Methods$/i],
  ['IMPALA', 2018, /^IMPALA: Scalable Distributed Deep-RL with Importance Weighted Actor-Learner Architectures$/i],
  ['Non-local', 2018, /^Non-local Neural Networks$/i],
  ['SNGAN', 2018, /^Spectral Normalization for Generative Adversarial Networks$/i],
  ['SAGAN', 2018, /^Self-Attention Generative Adversarial Networks$/i],
  ['Lottery Ticket', 2018, /^The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks$/i],
  ['GPT-2', 2019, /^Language Models are Unsupervised Multitask Learners$/i],
  ['XLNet', 2019, /^XLNet: Generalized Autoregressive Pretraining for Language Understanding$/i],
  ['Transformer-XL', 2019, /^Transformer-XL: Attentive Language Models Beyond a Fixed-Length Context$/i],
  ['RoBERTa', 2019, /^RoBERTa: A Robustly Optimized BERT Pretraining Approach$/i],
  ['ALBERT', 2019, /^ALBERT: A Lite BERT for Self-supervised Learning of Language Representations$/i],
  ['DistilBERT', 2019, /^DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter$/i],
  ['T5', 2019, /^Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer$/i],
  ['BART', 2019, /^BART: Denoising Sequence-to-Sequence Pre-training for Natural Language Generation, Translation, and Comprehension$/i],
  ['EfficientNet', 2019, /^EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks$/i],
  ['MobileNetV3', 2019, /^Searching for MobileNetV3$/i],
  ['FCOS', 2019, /^FCOS: Fully Convolutional One-Stage Object Detection$/i],
  ['CenterNet', 2019, /^Objects as Points$/i],
  ['MoCo', 2019, /^Momentum Contrast for Unsupervised Visual Representation Learning$/i],
  ['StyleGAN2', 2019, /^Analyzing and Improving the Image Quality of StyleGAN$/i],
  ['Sentence-BERT', 2019, /^Sentence-BERT: Sentence Embeddings using Siamese BERT-Networks$/i],
  ['MuZero', 2019, /^Mastering Atari, Go, Chess and Shogi by Planning with a Learned Model$/i],
  ['Megatron-LM', 2019, /^Megatron-LM: Training Multi-Billion Parameter Language Models Using Model Parallelism$/i],
  ['ZeRO', 2019, /^ZeRO: Memory Optimizations Toward Training Trillion Parameter Models$/i],
  ['HRNet', 2019, /^Deep High-Resolution Representation Learning for Human Pose Estimation$/i],
  ['SpecAugment', 2019, /^SpecAugment: A Simple Data Augmentation Method for Automatic Speech Recognition$/i],
  ['RandAugment', 2019, /^RandAugment: Practical automated data augmentation with a reduced search space$/i],
  ['ELECTRA', 2020, /^ELECTRA: Pre-training Text Encoders as Discriminators Rather Than Generators$/i],
  ['GPT-3', 2020, /^Language Models are Few-Shot Learners$/i],
  ['ViT', 2020, /^An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale$/i],
  ['DETR', 2020, /^End-to-End Object Detection with Transformers$/i],
  ['Deformable DETR', 2020, /^Deformable DETR: Deformable Transformers for End-to-End Object Detection$/i],
  ['DDPM', 2020, /^Denoising Diffusion Probabilistic Models$/i],
  ['DDIM', 2020, /^Denoising Diffusion Implicit Models$/i],
  ['SimCLR', 2020, /^A Simple Framework for Contrastive Learning of Visual Representations$/i],
  ['BYOL', 2020, /^Bootstrap Your Own Latent(:| -)? A New Approach to Self-Supervised Learning$/i],
  ['SwAV', 2020, /^Unsupervised Learning of Visual Features by Contrasting Cluster Assignments$/i],
  ['MoCo v2', 2020, /^Improved Baselines with Momentum Contrastive Learning$/i],
  ['wav2vec 2.0', 2020, /^wav2vec 2\.0: A Framework for Self-Supervised Learning of Speech Representations$/i],
  ['NeRF', 2020, /^NeRF: Representing Scenes as Neural Radiance Fields for View Synthesis$/i],
  ['Longformer', 2020, /^Longformer: The Long-Document Transformer$/i],
  ['Reformer', 2020, /^Reformer: The Efficient Transformer$/i],
  ['Performer', 2020, /^Rethinking Attention with Performers$/i],
  ['RAG', 2020, /^Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks$/i],
  ['DeBERTa', 2020, /^DeBERTa: Decoding-enhanced BERT with Disentangled Attention$/i],
  ['YOLOv4', 2020, /^YOLOv4: Optimal Speed and Accuracy of Object Detection$/i],
  ['EfficientDet', 2020, /^EfficientDet: Scalable and Efficient Object Detection$/i],
  ['Conformer', 2020, /^Conformer: Convolution-augmented Transformer for Speech Recognition$/i],
  ['SimSiam', 2020, /^Exploring Simple Siamese Representation Learning$/i],
  ['RegNet', 2020, /^Designing Network Design Spaces$/i],
  ['DeiT', 2020, /^Training data-efficient image transformers (&|and) distillation through attention$/i],
  ['Scaling Laws', 2020, /^Scaling Laws for Neural Language Models$/i],
  ['CLIP', 2021, /^Learning Transferable Visual Models From Natural Language Supervision$/i],
  ['DALL-E', 2021, /^Zero-Shot Text-to-Image Generation$/i],
  ['Swin Transformer', 2021, /^Swin Transformer: Hierarchical Vision Transformer using Shifted Windows$/i],
  ['LoRA', 2021, /^LoRA: Low-Rank Adaptation of Large Language Models$/i],
  ['MAE', 2021, /^Masked Autoencoders Are Scalable Vision Learners$/i],
  ['DINO', 2021, /^Emerging Properties in Self-Supervised Vision Transformers$/i],
  ['Decision Transformer', 2021, /^Decision Transformer: Reinforcement Learning via Sequence Modeling$/i],
  ['Codex', 2021, /^Evaluating Large Language Models Trained on Code$/i],
  ['Switch Transformer', 2021, /^Switch Transformers: Scaling to Trillion Parameter Models with Simple and Efficient Sparsity$/i],
  ['RoFormer', 2021, /^RoFormer: Enhanced Transformer with Rotary Position Embedding$/i],
  ['ALiBi', 2021, /^Train Short, Test Long: Attention with Linear Biases Enables Input Length Extrapolation$/i],
  ['Latent Diffusion', 2021, /^High-Resolution Image Synthesis with Latent Diffusion Models$/i],
  ['GLIDE', 2021, /^GLIDE: Towards Photorealistic Image Generation and Editing with Text-Guided Diffusion Models$/i],
  ['HuBERT', 2021, /^HuBERT: Self-Supervised Speech Representation Learning by Masked Prediction of Hidden Units$/i],
  ['SegFormer', 2021, /^SegFormer: Simple and Efficient Design for Semantic Segmentation with Transformers$/i],
  ['BEiT', 2021, /^BEiT: BERT Pre-Training of Image Transformers$/i],
  ['MLP-Mixer', 2021, /^MLP-Mixer: An all-MLP Architecture for Vision$/i],
  ['YOLOX', 2021, /^YOLOX: Exceeding YOLO Series in 2021$/i],
  ['Prefix-Tuning', 2021, /^Prefix-Tuning: Optimizing Continuous Prompts for Generation$/i],
  ['FLAN', 2021, /^Finetuned Language Models Are Zero-Shot Learners$/i],
  ['Perceiver', 2021, /^Perceiver: General Perception with Iterative Attention$/i],
  ['Mask2Former', 2021, /^Masked-attention Mask Transformer for Universal Image Segmentation$/i],
  ['ConvNeXt', 2022, /^A ConvNet for the 2020s$/i],
  ['InstructGPT', 2022, /^Training language models to follow instructions with human feedback$/i],
  ['Chinchilla', 2022, /^Training Compute-Optimal Large Language Models$/i],
  ['PaLM', 2022, /^PaLM: Scaling Language Modeling with Pathways$/i],
  ['Chain-of-Thought', 2022, /^Chain-of-Thought Prompting Elicits Reasoning in Large Language Models$/i],
  ['OPT', 2022, /^OPT: Open Pre-trained Transformer Language Models$/i],
  ['BLOOM', 2022, /^BLOOM: A 176B-Parameter Open-Access Multilingual Language Model$/i],
  ['Flamingo', 2022, /^Flamingo: a Visual Language Model for Few-Shot Learning$/i],
  ['DALL-E 2', 2022, /^Hierarchical Text-Conditional Image Generation with CLIP Latents$/i],
  ['Imagen', 2022, /^Photorealistic Text-to-Image Diffusion Models with Deep Language Understanding$/i],
  ['Whisper', 2022, /^Robust Speech Recognition via Large-Scale Weak Supervision$/i],
  ['FlashAttention', 2022, /^FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness$/i],
  ['Classifier-Free Guidance', 2022, /^Classifier-Free Diffusion Guidance$/i],
  ['DreamBooth', 2022, /^DreamBooth: Fine Tuning Text-to-Image Diffusion Models for Subject-Driven Generation$/i],
  // The arXiv v1 title said Compression; the ICLR 2023 title says Quantization.
  ['GPTQ', 2022, /^GPTQ: Accurate Post-Training (Quantization|Compression) for Generative Pre-?trained Transformers$/i],
  ['BLIP', 2022, /^BLIP: Bootstrapping Language-Image Pre-training for Unified Vision-Language Understanding and Generation$/i],
  ['ReAct', 2022, /^ReAct: Synergizing Reasoning and Acting in Language Models$/i],
  ['DiT', 2022, /^Scalable Diffusion Models with Transformers$/i],
  ['Flow Matching', 2022, /^Flow Matching for Generative Modeling$/i],
  ['Textual Inversion', 2022, /^An Image is Worth One Word: Personalizing Text-to-Image Generation using Textual Inversion$/i],
  ['YOLOv7', 2022, /^YOLOv7: Trainable bag-of-freebies sets new state-of-the-art for real-time object detectors$/i],
  ['LLaMA', 2023, /^LLaMA: Open and Efficient Foundation Language Models$/i],
  ['Llama 2', 2023, /^Llama 2: Open Foundation and Fine-Tuned Chat Models$/i],
  ['GPT-4', 2023, /^GPT-4 Technical Report$/i],
  ['QLoRA', 2023, /^QLoRA: Efficient Finetuning of Quantized LLMs$/i],
  ['DPO', 2023, /^Direct Preference Optimization: Your Language Model is Secretly a Reward Model$/i],
  ['SAM', 2023, /^Segment Anything$/i],
  ['ControlNet', 2023, /^Adding Conditional Control to Text-to-Image Diffusion Models$/i],
  ['BLIP-2', 2023, /^BLIP-2: Bootstrapping Language-Image Pre-training with Frozen Image Encoders and Large Language Models$/i],
  ['LLaVA', 2023, /^Visual Instruction Tuning$/i],
  ['Mistral 7B', 2023, /^Mistral 7B$/i],
  ['DINOv2', 2023, /^DINOv2: Learning Robust Visual Features without Supervision$/i],
  ['Toolformer', 2023, /^Toolformer: Language Models Can Teach Themselves to Use Tools$/i],
  ['Tree of Thoughts', 2023, /^Tree of Thoughts: Deliberate Problem Solving with Large Language Models$/i],
  ['AWQ', 2023, /^AWQ: Activation-aware Weight Quantization for (LLM Compression and Acceleration|On-Device LLM Compression and Acceleration)$/i],
  ['FlashAttention-2', 2023, /^FlashAttention-2: Faster Attention with Better Parallelism and Work Partitioning$/i],
  ['PagedAttention', 2023, /^Efficient Memory Management for Large Language Model Serving with PagedAttention$/i],
  ['Mamba', 2023, /^Mamba: Linear-Time Sequence Modeling with Selective State Spaces$/i],
  ['SDXL', 2023, /^SDXL: Improving Latent Diffusion Models for High-Resolution Image Synthesis$/i],
  ['Consistency Models', 2023, /^Consistency Models$/i],
  ['3D Gaussian Splatting', 2023, /^3D Gaussian Splatting for Real-Time Radiance Field Rendering$/i],
  ['SigLIP', 2023, /^Sigmoid Loss for Language Image Pre-Training$/i],
  ['RWKV', 2023, /^RWKV: Reinventing RNNs for the Transformer Era$/i],
  ['Grounding DINO', 2023, /^Grounding DINO: Marrying DINO with Grounded Pre-Training for Open-Set Object Detection$/i],
  ['Mixtral', 2024, /^Mixtral of Experts$/i],
  ['Llama 3', 2024, /^The Llama 3 Herd of Models$/i],
  ['Gemma', 2024, /^Gemma: Open Models Based on Gemini Research and Technology$/i],
  ['KTO', 2024, /^KTO: Model Alignment as Prospect Theoretic Optimization$/i],
  ['ORPO', 2024, /^ORPO: Monolithic Preference Optimization without Reference Model$/i],
  ['DoRA', 2024, /^DoRA: Weight-Decomposed Low-Rank Adaptation$/i],
  ['Stable Diffusion 3', 2024, /^Scaling Rectified Flow Transformers for High-Resolution Image Synthesis$/i],
  ['SAM 2', 2024, /^SAM 2: Segment Anything in Images and Videos$/i],
  ['DeepSeek-V2', 2024, /^DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model$/i],
  ['DeepSeekMath', 2024, /^DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models$/i],
  ['YOLOv9', 2024, /^YOLOv9: Learning What You Want to Learn Using Programmable Gradient Information$/i],
  ['YOLOv10', 2024, /^YOLOv10: Real-Time End-to-End Object Detection$/i],
  ['KAN', 2024, /^KAN: Kolmogorov-Arnold Networks$/i],
  ['DeepSeek-V3', 2024, /^DeepSeek-V3 Technical Report$/i],
  ['DeepSeek-R1', 2025, /^DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning$/i],
  ['Qwen3', 2025, /^Qwen3 Technical Report$/i],
  ['Gemma 3', 2025, /^Gemma 3 Technical Report$/i],
];

/** Nicknames two papers claim: the paper the rule gives it to, the one it does not, and the rule's reason. */
const AMBIGUOUS: Array<[string, RegExp, RegExp, string]> = [
  ['DQN', /^Playing Atari with Deep Reinforcement Learning$/i, /^Human-level control through deep reinforcement learning$/i, 'both hand-written (v1): the earlier paper'],
  ['DINO', /^Emerging Properties in Self-Supervised Vision Transformers$/i, /^DINO: DETR with Improved DeNoising Anchor Boxes/i, 'the earlier paper (2021) over the later reuse of the name (2022)'],
  ['DCN', /^Dynamic Capacity Networks$/i, /^Deformable Convolutional Networks$/i, 'a hand-written claim (v1) over a source\'s (OpenMMLab calls Deformable ConvNets DCN): under review'],
  ['LeNet', /^Gradient-Based Learning Applied to Document Recognition$/i, /^Backpropagation Applied to Handwritten Zip Code Recognition$/i, 'a hand-written claim (v1) over a source\'s (OpenMMLab\'s lenet config cites the 1989 paper)'],
];

const resolve = (nick: string) => db.byNickname(nick) ?? db.byTitle(nick);

test('the nickname table holds at least 120 names of papers from 2013 to 2026', () => {
  assert.ok(NICKNAMES.length >= 120, `${NICKNAMES.length}`);
  assert.ok(NICKNAMES.every(([, y]) => y >= 2013 && y <= 2026));
  assert.equal(new Set(NICKNAMES.map(([n]) => n.toLowerCase())).size, NICKNAMES.length);
});

test('no nickname of the table resolves to a wrong paper', () => {
  const wrong = NICKNAMES.flatMap(([nick, , title]) => {
    const p = resolve(nick);
    return !p || title.test(p.title) ? [] : [`${nick} → ${p.id} "${p.title}"`];
  });
  assert.deepEqual(wrong, []);
});

const resolved = NICKNAMES.filter(([nick, , title]) => { const p = resolve(nick); return p && title.test(p.title); });

test(`at least ${RESOLVED_FLOOR} nicknames of the table resolve to their papers`, () => {
  assert.ok(resolved.length >= RESOLVED_FLOOR, `${resolved.length} resolve; missing: ${NICKNAMES.filter((n) => !resolved.includes(n)).map(([n]) => n).join(', ')}`);
});

test('ambiguous nicknames go to the paper the written rule names', () => {
  const key = (n: string) => n.replace(/[^a-z0-9]/gi, '').toLowerCase();
  const wrong: string[] = [];
  for (const [nick, winner, loser, why] of AMBIGUOUS) {
    const w = papers.find((p) => winner.test(p.title));
    const l = papers.find((p) => loser.test(p.title));
    if (!w) continue; // not shipped yet
    const p = db.byNickname(nick);
    if (l && l.custom.nicknames?.some((n) => key(n) === key(nick))) wrong.push(`${nick} is still a nickname of ${l.id}`);
    if (p && !winner.test(p.title)) wrong.push(`${nick} → ${p.id}, expected "${winner.source}" (${why})`);
  }
  assert.deepEqual(wrong, []);
});

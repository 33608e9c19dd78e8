/**
 * `adopt` on the real marketplace modules of test/fixtures/real-modules, each copied into a
 * new git repository with its GitHub remote and one commit dated as its oldest known one:
 * the answers a person reading the repository would give, each with where it was read
 * (every value below was checked by hand against the module's files).
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Asker } from '../../src/answers/resolve.js';
import { adopt } from '../../src/update/adopt.js';
import { ROOT, git, read, removeDir, runCli, tempDir } from './support.js';

const MODULES = join(ROOT, 'test/fixtures/real-modules');
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** The module `owner__name` in a new repository: origin on GitHub, one commit at its oldest known date. */
function realModule(
  fixture: string,
  { remote = `https://github.com/${fixture.replace('__', '/')}.git`, authorEmail = 'owner@example.org' } = {},
) {
  const dir = tempDir('ai4os-adopt-real-');
  dirs.push(dir);
  cpSync(join(MODULES, fixture), dir, { recursive: true });
  const history = readFileSync(join(MODULES, `${fixture}.HISTORY.txt`), 'utf8')
    .trim()
    .split('\n');
  const date = `${history.at(-1)!.split(' ')[1]}T12:00:00Z`;
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial commit', '--date', date);
  // GIT_ENV of the tests sets the author; a given address is the commit's.
  if (authorEmail !== 'owner@example.org')
    git(dir, 'commit', '-q', '--amend', '--no-edit', `--author=Owner <${authorEmail}>`, '--date', date);
  git(dir, 'remote', 'add', 'origin', remote);
  return dir;
}

interface Expected {
  /** answer -> [value as read, where it was read] */
  found: Record<string, [unknown, string]>;
  created?: { value: string; source: string };
  rejected?: { key: string; source: string; problem: string }[];
  problems?: string[];
}

const EXPECTED: Record<string, Expected> = {
  'ai4os-hub__posenet-tf': {
    found: {
      title: ['Body pose detection', 'ai4-metadata.yml title'],
      repoName: ['posenet-tf', 'git remote origin'],
      packageName: ['posenetclas', 'setup.cfg entry point posenetclas = posenetclas.api (posenetclas/api.py)'],
      distributionName: ['posenetclas', 'setup.cfg name'],
      entryPointName: ['posenetclas', 'setup.cfg entry point posenetclas = posenetclas.api'],
      entryPointTarget: ['posenetclas.api', 'setup.cfg entry point posenetclas = posenetclas.api'],
      summary: ['Detect body poses in images.', 'ai4-metadata.yml summary'],
      description: [expect.stringMatching(/^This is a plug.and.play tool for real.ti/), 'ai4-metadata.yml description'],
      moduleVersion: ['0.1.0', 'setup.cfg version'],
      authors: [[{ name: 'Lara Lloret (CSIC)', email: 'lloret@ifca.unican.es' }], 'setup.cfg authors'],
      license: ['Apache-2.0', 'LICENSE'],
      gitBaseUrl: ['https://github.com/ai4os-hub', 'ai4-metadata.yml links.source_code'],
      dockerImage: ['ai4oshub/posenet-tf', 'ai4-metadata.yml links.docker_image'],
      baseImage: ['tensorflow/tensorflow', 'Dockerfile:7 FROM'],
      baseTag: ['1.14.0-py3', 'JenkinsConstants.groovy:13 base_cpu_tag'],
      baseGpuTag: ['', 'JenkinsConstants.groovy:16 base_gpu_tag (the same as base_cpu_tag: one image)'],
      libraries: [['TensorFlow'], 'ai4-metadata.yml libraries'],
      tasks: [['Computer Vision'], 'ai4-metadata.yml tasks'],
      categories: [['AI4 inference', 'AI4 pre trained'], 'ai4-metadata.yml categories'],
      dataTypes: [['Image', 'Video'], 'ai4-metadata.yml data-type'],
      tags: [['deep learning'], 'ai4-metadata.yml tags'],
    },
    created: { value: '2019-07-31', source: 'ai4-metadata.yml dates.created' },
  },
  'ai4os-hub__semseg-vaihingen': {
    found: {
      title: ['2D semantic segmentation', 'ai4-metadata.yml title'],
      repoName: ['semseg-vaihingen', 'git remote origin'],
      packageName: [
        'semseg_vaihingen',
        'setup.cfg entry point semseg_vaihingen = semseg_vaihingen.models.deepaas_api (semseg_vaihingen/models/deepaas_api.py)',
      ],
      distributionName: ['semseg_vaihingen', 'setup.cfg name'],
      entryPointName: ['semseg_vaihingen', 'setup.cfg entry point semseg_vaihingen = semseg_vaihingen.models.deepaas_api'],
      entryPointTarget: [
        'semseg_vaihingen.models.deepaas_api',
        'setup.cfg entry point semseg_vaihingen = semseg_vaihingen.models.deepaas_api',
      ],
      summary: ['2D semantic segmentation trained on the Vaihingen dataset', 'ai4-metadata.yml summary'],
      description: [expect.stringMatching(/^Example application for ISPRS 2D Semanti/), 'ai4-metadata.yml description'],
      moduleVersion: ['0.4.0', 'setup.cfg version'],
      authors: [
        [
          { name: 'G.Cavallaro (FZJ)', email: 'valentin.kozlov@kit.edu' },
          { name: 'M.Goetz (KIT)', email: 'valentin.kozlov@kit.edu' },
          { name: 'V.Kozlov (KIT)', email: 'valentin.kozlov@kit.edu' },
          { name: 'A.Grupp (KIT)', email: 'valentin.kozlov@kit.edu' },
        ],
        'setup.cfg authors',
      ],
      license: ['MIT', 'LICENSE'],
      gitBaseUrl: ['https://github.com/ai4os-hub', 'ai4-metadata.yml links.source_code'],
      dockerImage: ['ai4oshub/semseg-vaihingen', 'ai4-metadata.yml links.docker_image'],
      baseImage: ['ai4oshub/tensorflow', 'Dockerfile:18 FROM'],
      baseTag: ['1.12.0-py36', 'JenkinsConstants.groovy:8 base_cpu_tag'],
      baseGpuTag: ['1.12.0-gpu-py36', 'JenkinsConstants.groovy:11 base_gpu_tag'],
      libraries: [['TensorFlow'], 'ai4-metadata.yml libraries'],
      tasks: [['Computer Vision'], 'ai4-metadata.yml tasks'],
      categories: [['AI4 trainable', 'AI4 inference', 'AI4 pre trained'], 'ai4-metadata.yml categories'],
      dataTypes: [['Image'], 'ai4-metadata.yml data-type'],
      tags: [['semantic segmentation'], 'ai4-metadata.yml tags'],
    },
    created: { value: '2019-09-29', source: 'ai4-metadata.yml dates.created' },
  },
  'ai4os-hub__tf-cnn-benchmarks-api': {
    found: {
      title: ['TF Benchmarks', 'ai4-metadata.yml title'],
      repoName: ['tf-cnn-benchmarks-api', 'git remote origin'],
      packageName: ['benchmarks_cnn_api', 'setup.cfg entry point benchmarks_cnn = benchmarks_cnn_api.models.deep_api'],
      distributionName: ['benchmarks_cnn_api', 'setup.cfg name'],
      entryPointName: ['benchmarks_cnn', 'setup.cfg entry point benchmarks_cnn = benchmarks_cnn_api.models.deep_api'],
      entryPointTarget: ['benchmarks_cnn_api.models.deep_api', 'setup.cfg entry point benchmarks_cnn = benchmarks_cnn_api.models.deep_api'],
      summary: ['Benchmarks for Convolutional Neural Networks', 'ai4-metadata.yml summary'],
      description: [expect.stringMatching(/^.tf.cnn.benchmarks..https...github.com.t/), 'ai4-metadata.yml description'],
      moduleVersion: ['0.6.1', 'setup.cfg version'],
      authors: [
        [
          { name: 'A.Grupp', email: 'valentin.kozlov@kit.edu' },
          { name: 'V.Kozlov (KIT)', email: 'valentin.kozlov@kit.edu' },
        ],
        'setup.cfg authors',
      ],
      license: ['MIT', 'LICENSE'],
      gitBaseUrl: ['https://github.com/ai4os-hub', 'ai4-metadata.yml links.source_code'],
      dockerImage: ['ai4oshub/tf-cnn-benchmarks', 'ai4-metadata.yml links.docker_image'],
      baseImage: ['nvcr.io/nvidia/tensorflow', 'Dockerfile:24 FROM'],
      baseTag: ['20.06-tf2-py3', 'Dockerfile:21 FROM, with the ARG defaults'],
      baseGpuTag: ['', 'JenkinsConstants.groovy without live base tags: the hub builds one image'],
      libraries: [['TensorFlow'], 'ai4-metadata.yml libraries'],
      tasks: [['Other'], 'ai4-metadata.yml tasks'],
      categories: [['AI4 trainable'], 'ai4-metadata.yml categories'],
      dataTypes: [['Image'], 'ai4-metadata.yml data-type'],
      tags: [['deep learning', 'demo'], 'ai4-metadata.yml tags'],
    },
    created: { value: '2019-12-19', source: 'ai4-metadata.yml dates.created' },
    problems: [
      'setup.cfg:28: the deepaas.v2.model entry point names benchmarks_cnn_api.models.deep_api, which setuptools would not install from these files',
    ],
  },
  'deephdc__UC-adnaneds-DEEP-OC-unet': {
    found: {
      title: ['2D semantic segmentation multilabels with Unet', 'ai4-metadata.yml title'],
      repoName: ['uc-adnaneds-deep-oc-unet', 'git remote origin'],
      summary: ['Semantic segmentation with Unet Deep Learning model applied to segment Cercospora Leaf Spot.', 'ai4-metadata.yml summary'],
      description: [expect.stringMatching(/^This is 2D semantic segmentation multila/), 'ai4-metadata.yml description'],
      authors: [[{ name: 'Owner', email: 'owner@example.org' }], 'git history (commit authors)'],
      license: ['MIT', 'LICENSE'],
      gitBaseUrl: ['https://github.com/deephdc', 'ai4-metadata.yml links.source_code'],
      dockerImage: ['deephdc/uc-adnaneds-deep-oc-unet', 'ai4-metadata.yml links.docker_image'],
      baseImage: ['tensorflow/tensorflow', 'Dockerfile:17 FROM'],
      baseTag: ['2.9.1', 'Dockerfile:14 FROM, with the ARG defaults'],
      baseGpuTag: ['', 'no JenkinsConstants.groovy: the hub builds one image'],
      libraries: [['TensorFlow'], 'ai4-metadata.yml libraries'],
      tasks: [['Computer Vision'], 'ai4-metadata.yml tasks'],
      categories: [['AI4 pre trained', 'AI4 trainable'], 'ai4-metadata.yml categories'],
      dataTypes: [['Image'], 'ai4-metadata.yml data-type'],
      tags: [['deep learning'], 'ai4-metadata.yml tags'],
    },
    created: { value: '2022-07-03', source: 'ai4-metadata.yml dates.created' },
  },
  'ai4os-hub__audio-vessel-classification': {
    found: {
      title: ['audio_vessel_classifier', 'ai4-metadata.yml title'],
      repoName: ['audio-vessel-classification', 'git remote origin'],
      packageName: [
        'audio_vessel_classifier',
        'pyproject.toml entry point audio_vessel_classifier = audio_vessel_classifier.api (audio_vessel_classifier/api.py)',
      ],
      distributionName: ['audio_vessel_classifier', 'pyproject.toml name'],
      entryPointName: ['audio_vessel_classifier', 'pyproject.toml entry point audio_vessel_classifier = audio_vessel_classifier.api'],
      entryPointTarget: ['audio_vessel_classifier.api', 'pyproject.toml entry point audio_vessel_classifier = audio_vessel_classifier.api'],
      summary: [
        'Classifies the distance to the nearest vessel from a 10-second underwater audio recording using a deep learning model!',
        'ai4-metadata.yml summary',
      ],
      description: [expect.stringMatching(/^audio.vessel.classifier is an AI applica/), 'ai4-metadata.yml description'],
      moduleVersion: ['0.0.1', 'VERSION'],
      authors: [[{ name: 'wout decrop', email: 'wout.decrop@vliz.be' }], 'pyproject.toml authors'],
      license: ['MIT', 'LICENSE'],
      gitBaseUrl: ['https://github.com/ai4os-hub', 'ai4-metadata.yml links.source_code'],
      dockerImage: ['ai4oshub/audio-vessel-classifier', 'ai4-metadata.yml links.docker_image'],
      baseImage: ['pytorch/pytorch', 'Dockerfile:15 FROM'],
      baseTag: ['2.7.0-cuda11.8-cudnn9-runtime', 'Dockerfile:13 FROM, with the ARG defaults'],
      baseGpuTag: ['', 'JenkinsConstants.groovy without live base tags: the hub builds one image'],
      libraries: [['PyTorch'], 'ai4-metadata.yml libraries'],
      tasks: [['Computer Vision', 'Classification'], 'ai4-metadata.yml tasks'],
      categories: [['AI4 inference'], 'ai4-metadata.yml categories'],
      dataTypes: [['Audio'], 'ai4-metadata.yml data-type'],
      tags: [['deep learning', 'underwater acoustics', 'vessel monitoring', 'vo.imagine-ai.eu'], 'ai4-metadata.yml tags'],
    },
    created: { value: '2025-05-14', source: 'ai4-metadata.yml dates.created' },
  },
  'ai4os-hub__integrated-plant-protection': {
    found: {
      title: ['Integrated Plant Protection', 'ai4-metadata.yml title'],
      repoName: ['integrated-plant-protection', 'git remote origin'],
      packageName: [
        'integrated_plant_protection',
        'pyproject.toml entry point integrated_plant_protection = integrated_plant_protection.api (integrated_plant_protection/api.py)',
      ],
      distributionName: ['integrated_plant_protection', 'pyproject.toml name'],
      entryPointName: [
        'integrated_plant_protection',
        'pyproject.toml entry point integrated_plant_protection = integrated_plant_protection.api',
      ],
      entryPointTarget: [
        'integrated_plant_protection.api',
        'pyproject.toml entry point integrated_plant_protection = integrated_plant_protection.api',
      ],
      summary: ['A Torch model to classify plants.', 'ai4-metadata.yml summary'],
      description: [expect.stringMatching(/^The module contains 2 fine.tuned models./), 'ai4-metadata.yml description'],
      moduleVersion: ['0.2.0', 'pyproject.toml version'],
      authors: [[{ name: 'PSNC WODR', email: 'support@kiwi.psnc.pl' }], 'pyproject.toml authors'],
      license: ['Apache-2.0', 'LICENSE'],
      gitBaseUrl: ['https://github.com/ai4os-hub', 'ai4-metadata.yml links.source_code'],
      dockerImage: ['ai4oshub/integrated-plant-protection', 'ai4-metadata.yml links.docker_image'],
      baseImage: ['pytorch/pytorch', 'Dockerfile:17 FROM'],
      baseTag: ['2.1.2-cuda12.1-cudnn8-runtime', 'Dockerfile:14 FROM, with the ARG defaults'],
      baseGpuTag: ['', 'JenkinsConstants.groovy without live base tags: the hub builds one image'],
      libraries: [['PyTorch'], 'ai4-metadata.yml libraries'],
      tasks: [['Computer Vision', 'Classification'], 'ai4-metadata.yml tasks'],
      categories: [['AI4 pre trained', 'AI4 inference'], 'ai4-metadata.yml categories'],
      dataTypes: [['Image'], 'ai4-metadata.yml data-type'],
      tags: [['deep learning', 'image classification'], 'ai4-metadata.yml tags'],
    },
    created: { value: '2023-12-20', source: 'ai4-metadata.yml dates.created' },
  },
  'ai4os-hub__thermal-urban-feature-segmenter': {
    found: {
      title: ['Thermal Urban Feature Segmentation (TUFSeg)', 'ai4-metadata.yml title'],
      repoName: ['thermal-urban-feature-segmenter', 'git remote origin'],
      packageName: ['tufsegm_api', 'pyproject.toml entry point tufsegm_api = tufsegm_api.api (api/__init__.py)'],
      distributionName: ['tufsegm_api', 'pyproject.toml name'],
      entryPointName: ['tufsegm_api', 'pyproject.toml entry point tufsegm_api = tufsegm_api.api'],
      entryPointTarget: ['tufsegm_api.api', 'pyproject.toml entry point tufsegm_api = tufsegm_api.api'],
      summary: ['Identify common thermal urban features in urban landscapes via semantic segmentation', 'ai4-metadata.yml summary'],
      description: [expect.stringMatching(/^The application adapts semantic segmenta/), 'ai4-metadata.yml description'],
      moduleVersion: ['0.0.1', 'VERSION'],
      authors: [[{ name: 'Elena Vollmer', email: 'elena.vollmer@kit.edu' }], 'pyproject.toml authors'],
      license: ['BSD-3-Clause', 'LICENSE'],
      gitBaseUrl: ['https://github.com/ai4os-hub', 'ai4-metadata.yml links.source_code'],
      dockerImage: ['ai4oshub/thermal-urban-feature-segmenter', 'ai4-metadata.yml links.docker_image'],
      baseImage: ['tensorflow/tensorflow', 'Dockerfile:16 FROM'],
      baseTag: ['2.10.0-gpu', 'Dockerfile:16 FROM, with the ARG defaults'],
      baseGpuTag: ['', 'JenkinsConstants.groovy without live base tags: the hub builds one image'],
      libraries: [['TensorFlow', 'Keras'], 'ai4-metadata.yml libraries'],
      tasks: [['Computer Vision'], 'ai4-metadata.yml tasks'],
      categories: [['AI4 trainable', 'AI4 pre trained', 'AI4 inference'], 'ai4-metadata.yml categories'],
      dataTypes: [['Image'], 'ai4-metadata.yml data-type'],
      tags: [['deep learning', 'semantic segmentation', 'multi-spectral data'], 'ai4-metadata.yml tags'],
      memory: [10000, 'ai4-metadata.yml resources.inference.memory_MB'],
    },
    created: { value: '2024-11-29', source: 'ai4-metadata.yml dates.created' },
  },
  'ai4os-hub__WITOIL-for-iMagine': {
    found: {
      title: ['WITOIL-for-iMagine', 'ai4-metadata.yml title'],
      repoName: ['witoil-for-imagine', 'git remote origin'],
      packageName: ['witoil_for_imagine', 'pyproject.toml entry point witoil_for_imagine = witoil_for_imagine.api (api/__init__.py)'],
      distributionName: ['witoil-for-imagine', 'pyproject.toml name'],
      entryPointName: ['witoil_for_imagine', 'pyproject.toml entry point witoil_for_imagine = witoil_for_imagine.api'],
      entryPointTarget: ['witoil_for_imagine.api', 'pyproject.toml entry point witoil_for_imagine = witoil_for_imagine.api'],
      summary: ['Medslik-II Oil fate lagrangian model', 'ai4-metadata.yml summary'],
      description: [expect.stringMatching(/^WITOIL for iMagine is an advanced applic/), 'ai4-metadata.yml description'],
      moduleVersion: ['0.0.1', 'VERSION'],
      authors: [
        [
          { name: 'Elnaz Azmi', email: 'elnaz.azmi@kit.edu' },
          { name: 'Fahimeh Alibabaei', email: 'khadijeh.alibabaei@kit.edu' },
          { name: 'Igor Atake', email: 'igor.atake@cmcc.it' },
          { name: 'Gabriele Accarino', email: 'gabriele.accarino@cmcc.it' },
          { name: 'Marco Decarlo', email: 'marco.decarlo@cmcc.it' },
          { name: 'Giovanni Coppini', email: 'giovanni.coppini@cmcc.it' },
        ],
        'pyproject.toml authors',
      ],
      license: ['GPL-3.0-only', 'LICENSE'],
      gitBaseUrl: ['https://github.com/ai4os-hub', 'ai4-metadata.yml links.source_code'],
      dockerImage: ['ai4oshub/witoil-for-imagine', 'ai4-metadata.yml links.docker_image'],
      baseImage: ['ai4oshub/witoil-for-imagine', 'Dockerfile:16 FROM'],
      baseTag: ['base', 'Dockerfile:13 FROM, with the ARG defaults'],
      baseGpuTag: ['', 'JenkinsConstants.groovy without live base tags: the hub builds one image'],
      libraries: [['Other'], 'ai4-metadata.yml libraries'],
      tasks: [['Time Series', 'Optimization'], 'ai4-metadata.yml tasks'],
      categories: [['AI4 pre trained', 'AI4 inference'], 'ai4-metadata.yml categories'],
      dataTypes: [['Image', 'Text', 'Time Series'], 'ai4-metadata.yml data-type'],
      tags: [['numerical modeling', 'parameter optimization', 'machine learning', 'vo.imagine-ai.eu'], 'ai4-metadata.yml tags'],
    },
    created: { value: '2024-09-13', source: 'ai4-metadata.yml dates.created' },
  },
  'ai4os-hub__birds-audio-classification': {
    found: {
      title: ['Bird sound classifier', 'ai4-metadata.yml title'],
      repoName: ['birds-audio-classification', 'git remote origin'],
      summary: ['Classify audio files among bird species from the Xenocanto dataset.', 'ai4-metadata.yml summary'],
      description: [expect.stringMatching(/^..CAUTION... This module is in a develop/), 'ai4-metadata.yml description'],
      authors: [[{ name: 'Owner', email: 'owner@example.org' }], 'git history (commit authors)'],
      license: ['MIT', 'LICENSE'],
      variant: ['child', 'Dockerfile:8 FROM ai4oshub/ai4os-audio-classification-tf, no pyproject.toml or setup.cfg'],
      gitBaseUrl: ['https://github.com/ai4os-hub', 'ai4-metadata.yml links.source_code'],
      dockerImage: ['ai4oshub/birds-audio-classification', 'ai4-metadata.yml links.docker_image'],
      baseImage: ['ai4oshub/ai4os-audio-classification-tf', 'Dockerfile:8 FROM'],
      baseTag: ['cpu', 'JenkinsConstants.groovy:8 base_cpu_tag'],
      baseGpuTag: ['gpu', 'JenkinsConstants.groovy:11 base_gpu_tag'],
      libraries: [['TensorFlow', 'Keras'], 'ai4-metadata.yml libraries'],
      tasks: [['Classification'], 'ai4-metadata.yml tasks'],
      categories: [['AI4 pre trained', 'AI4 inference'], 'ai4-metadata.yml categories'],
      dataTypes: [['Audio'], 'ai4-metadata.yml data-type'],
      tags: [['deep learning', 'audio classification', 'beta'], 'ai4-metadata.yml tags'],
    },
    created: { value: '2020-04-01', source: 'ai4-metadata.yml dates.created' },
  },
  'ai4os-hub__socib-rip-currents-detection': {
    found: {
      title: ['SOCIB Rip Currents Detection', 'ai4-metadata.yml title'],
      repoName: ['socib-rip-currents-detection', 'git remote origin'],
      summary: ['A deployable AI module for rip currents detection based on YOLO', 'ai4-metadata.yml summary'],
      description: [expect.stringMatching(/^..The Balearic Islands Coastal Observing/), 'ai4-metadata.yml description'],
      moduleVersion: ['1.0.1', 'VERSION'],
      authors: [[{ name: 'Owner', email: 'owner@example.org' }], 'git history (commit authors)'],
      license: ['AGPL-3.0-only', 'LICENSE'],
      variant: ['child', 'Dockerfile:13 FROM ai4oshub/ai4os-yolo-torch, no pyproject.toml or setup.cfg'],
      gitBaseUrl: ['https://github.com/ai4os-hub', 'ai4-metadata.yml links.source_code'],
      dockerImage: ['ai4oshub/socib-rip-currents-detection', 'ai4-metadata.yml links.docker_image'],
      baseImage: ['ai4oshub/ai4os-yolo-torch', 'Dockerfile:13 FROM'],
      baseTag: ['latest', 'Dockerfile:11 FROM, with the ARG defaults'],
      baseGpuTag: ['', 'JenkinsConstants.groovy without live base tags: the hub builds one image'],
      libraries: [['PyTorch'], 'ai4-metadata.yml libraries'],
      tasks: [['Computer Vision', 'Transfer Learning', 'Other'], 'ai4-metadata.yml tasks'],
      categories: [['AI4 pre trained', 'AI4 inference'], 'ai4-metadata.yml categories'],
      dataTypes: [['Image', 'Video'], 'ai4-metadata.yml data-type'],
      tags: [['deep learning', 'beach monitoring', 'yolo', 'vo.imagine-ai.eu'], 'ai4-metadata.yml tags'],
    },
    created: { value: '2025-12-10', source: 'ai4-metadata.yml dates.created' },
  },
  'ai4os__ai4os-ai4life-loader': {
    found: {
      title: ['AI4life model loader', 'ai4-metadata.yml title'],
      repoName: ['ai4os-ai4life-loader', 'git remote origin'],
      packageName: ['ai4life', 'pyproject.toml entry point ai4life = ai4life.api (api/__init__.py)'],
      distributionName: ['ai4life', 'pyproject.toml name'],
      entryPointName: ['ai4life', 'pyproject.toml entry point ai4life = ai4life.api'],
      entryPointTarget: ['ai4life.api', 'pyproject.toml entry point ai4life = ai4life.api'],
      summary: ['Support for inference of the AI4LIFE model on the marketplace.', 'ai4-metadata.yml summary'],
      description: [expect.stringMatching(/^The .BioImage Model Zoo..https...bioimag/), 'ai4-metadata.yml description'],
      moduleVersion: ['0.0.1', 'VERSION'],
      authors: [[{ name: 'Fahimeh Alibabaei', email: 'khadijeh.alibabaei@kit.edu' }], 'pyproject.toml authors'],
      license: ['MIT', 'LICENSE'],
      gitBaseUrl: ['https://github.com/ai4os', 'ai4-metadata.yml links.source_code'],
      dockerImage: ['ai4oshub/ai4os-ai4life-loader', 'ai4-metadata.yml links.docker_image'],
      baseImage: ['pytorch/pytorch', 'Dockerfile:16 FROM'],
      baseTag: ['1.13.1-cuda11.6-cudnn8-runtime', 'JenkinsConstants.groovy:13 base_cpu_tag'],
      baseGpuTag: ['', 'JenkinsConstants.groovy:16 base_gpu_tag (the same as base_cpu_tag: one image)'],
      libraries: [['PyTorch', 'Scikit-learn'], 'ai4-metadata.yml libraries'],
      tasks: [['Computer Vision', 'Classification'], 'ai4-metadata.yml tasks'],
      categories: [['AI4 inference', 'AI4 tools'], 'ai4-metadata.yml categories'],
      dataTypes: [['Image'], 'ai4-metadata.yml data-type'],
      tags: [['deep learning', 'segmentation', '2D input', '3D input', 'UNet', 'Segment Anything', 'cellpose'], 'ai4-metadata.yml tags'],
    },
    created: { value: '2024-11-11', source: 'ai4-metadata.yml dates.created' },
  },
  'ai4os__ai4os-nvflare': {
    found: {
      title: ['Federated learning with NVFlare', 'ai4-metadata.yml title'],
      repoName: ['ai4os-nvflare', 'git remote origin'],
      summary: ['NVFlare Dashboard and Federated learning server', 'ai4-metadata.yml summary'],
      description: [expect.stringMatching(/^NVIDIA FLARE .NVIDIA Federated Learning /), 'ai4-metadata.yml description'],
      authors: [[{ name: 'Owner', email: 'owner@example.org' }], 'git history (commit authors)'],
      license: ['Apache-2.0', 'LICENSE'],
      gitBaseUrl: ['https://github.com/ai4os', 'ai4-metadata.yml links.source_code'],
      dockerImage: ['registry.services.ai4os.eu/ai4os/ai4os-nvflare-dashboard', 'ai4-metadata.yml links.docker_image'],
      libraries: [['Other'], 'ai4-metadata.yml libraries'],
      tasks: [['Other'], 'ai4-metadata.yml tasks'],
      categories: [['AI4 tools'], 'ai4-metadata.yml categories'],
      dataTypes: [['Other'], 'ai4-metadata.yml data-type'],
      tags: [['federated learning'], 'ai4-metadata.yml tags'],
    },
    created: { value: '2024-05-07', source: 'ai4-metadata.yml dates.created' },
  },
  'ai4os__ai4os-llm': {
    found: {
      title: ['Deploy your LLM', 'ai4-metadata.yml title'],
      repoName: ['ai4os-llm', 'git remote origin'],
      summary: ['Deploy your own LLM instance with VLLM and OpenWebUI.', 'ai4-metadata.yml summary'],
      description: [expect.stringMatching(/^This tool allows to deploy your own LLM /), 'ai4-metadata.yml description'],
      authors: [[{ name: 'Owner', email: 'owner@example.org' }], 'git history (commit authors)'],
      license: ['Apache-2.0', 'LICENSE'],
      gitBaseUrl: ['https://github.com/ai4os', 'ai4-metadata.yml links.source_code'],
      dockerImage: ['vllm/vllm-openai', 'ai4-metadata.yml links.docker_image'],
      libraries: [['Other'], 'ai4-metadata.yml libraries'],
      tasks: [['Natural Language Processing', 'Generative Models'], 'ai4-metadata.yml tasks'],
      categories: [['AI4 tools'], 'ai4-metadata.yml categories'],
      dataTypes: [['Text'], 'ai4-metadata.yml data-type'],
      tags: [['llm'], 'ai4-metadata.yml tags'],
    },
    created: { value: '2024-12-11', source: 'ai4-metadata.yml dates.created' },
  },
  'ai4os-hub__my-new-project': {
    found: {
      title: ['my new project', 'README.md heading'],
      repoName: ['my-new-project', 'git remote origin'],
      packageName: ['my_new_project', 'setup.cfg entry point my_new_project = my_new_project.api (my_new_project/api.py)'],
      distributionName: ['my_new_project', 'setup.cfg name'],
      entryPointName: ['my_new_project', 'setup.cfg entry point my_new_project = my_new_project.api'],
      entryPointTarget: ['my_new_project.api', 'setup.cfg entry point my_new_project = my_new_project.api'],
      summary: ['my project here', 'setup.cfg summary'],
      moduleVersion: ['0.0.1', 'setup.cfg version'],
      authors: [[{ name: 'Owner', email: 'owner@example.org' }], 'git history (commit authors)'],
      license: ['Apache-2.0', 'LICENSE'],
      gitBaseUrl: ['https://github.com/ai4os-hub', 'git remote origin'],
      baseImage: ['tensorflow/tensorflow', 'Dockerfile:16 FROM'],
      baseTag: ['2.9.1', 'Dockerfile:13 FROM, with the ARG defaults'],
      baseGpuTag: ['', 'JenkinsConstants.groovy without live base tags: the hub builds one image'],
    },
    created: { value: '2024-03-16', source: 'the first commit' },
    rejected: [{ key: 'authors', source: 'setup.cfg authors', problem: '"my@email" is not an email address (author me)' }],
    problems: ["metadata.json:18:9: Not valid JSON: Expecting ',' delimiter (its answers were not read)"],
  },
};

describe('adopt reads a real module as a person reading it would', () => {
  it.each(Object.keys(EXPECTED))('%s', async (fixture) => {
    const token = 'ghp_N0tForPrinting';
    const dir = realModule(fixture, { remote: `https://jane:${token}@github.com/${fixture.replace('__', '/')}.git` });
    const printed: string[] = [];
    const { inferred } = await adopt({ cwd: dir, dryRun: true, print: (t) => printed.push(t), today: '2026-12-01' });
    const found = Object.fromEntries(Object.entries(inferred.raw).map(([key, value]) => [key, [value, inferred.sources[key as never]]]));
    const expected = EXPECTED[fixture]!;
    expect(found).toEqual(expected.found);
    expect(inferred.created).toEqual(expected.created);
    expect(inferred.rejected).toEqual(expected.rejected ?? []);
    expect(inferred.problems).toEqual(expected.problems ?? []);
    expect(printed.join('\n')).not.toContain(token);
  });

  it('says of a child that it has no package, and does not present a package name as read', async () => {
    const printed: string[] = [];
    const { answers } = await adopt({
      cwd: realModule('ai4os-hub__birds-audio-classification'),
      dryRun: true,
      print: (t) => printed.push(t),
    });
    expect(answers.variant).toBe('child');
    const output = printed.join('\n');
    expect(output).toMatch(/Not used by a child module[^\n]*\n {2}package-name +"birds_audio_classification"\n/);
    expect(output).not.toMatch(/Read from the module:[^]*package-name[^]*Not used/);
  });

  it('takes the answer flags of `new` over what it reads', () => {
    const dir = realModule('ai4os-hub__audio-vessel-classification');
    const result = runCli(
      [
        'adopt',
        '--yes',
        '--author',
        'Jane Doe <jane@uni.eu>',
        '--module-version',
        '1.2.0',
        '--entry-point-name',
        'vessels',
        '--memory',
        '1000',
      ],
      dir,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(read(dir, '.yo-rc.json'))['create-ai4os-module']).toMatchObject({
      authors: [{ name: 'Jane Doe', email: 'jane@uni.eu' }],
      'module-version': '1.2.0',
      'entry-point-name': 'vessels',
      memory: 1000,
      // Read from the module, not given:
      'distribution-name': 'audio_vessel_classifier',
      'entry-point-target': 'audio_vessel_classifier.api',
      'package-name': 'audio_vessel_classifier',
    });
  });

  it('without a terminal, names the flag of an answer it could not read, and writes nothing', () => {
    // The cookiecutter's placeholder author, and commits by an address git made up from the host name.
    const dir = realModule('ai4os-hub__my-new-project', { authorEmail: 'me@laptop' });
    const head = git(dir, 'rev-parse', 'HEAD');
    const result = runCli(['adopt'], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/Found but not usable:\n {2}authors \(setup\.cfg authors\): "my@email" is not an email address/);
    expect(result.stdout).toMatch(/authors \(git history \(commit authors\)\): "me@laptop" is not an email address/);
    expect(result.stdout).toContain('metadata.json:18:9: Not valid JSON');
    expect(result.stderr).toMatch(/authors: is required and has no default; pass --author/);
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('in a terminal, asks what it could not read, and not what it read', async () => {
    const dir = realModule('ai4os-hub__my-new-project', { authorEmail: 'me@laptop' });
    const asked: string[] = [];
    const asker: Asker = {
      wantsAdvanced: async () => false,
      ask: async (q, suggested) => {
        asked.push(q.key);
        return q.key === 'authors' ? [{ name: 'Me', email: 'me@uni.eu' }] : suggested;
      },
    };
    const { answers } = await adopt({ cwd: dir, dryRun: true, asker, print: () => {} });
    expect(asked).toContain('authors');
    for (const key of ['title', 'summary', 'license']) expect(asked).not.toContain(key);
    expect(answers.authors).toEqual([{ name: 'Me', email: 'me@uni.eu' }]);
  });
});

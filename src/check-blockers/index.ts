import * as core from '@actions/core';
import { greet } from '../core/hello.js';
core.info(greet('x'));
